// Checks that turn "libbpf: failed to ..." into one sentence a user can act on.
#pragma once

#include <optional>
#include <string_view>

namespace sigtrace {

struct KernelVersion {
  int major = 0;
  int minor = 0;
  auto operator<=>(const KernelVersion&) const = default;
};

// "6.1.0-18-amd64" -> {6, 1}.
std::optional<KernelVersion> parse_kernel_release(std::string_view release);

// Throws Error with the matching exit status when the kernel is older than
// 5.8, exposes no BTF, or the process lacks CAP_BPF + CAP_PERFMON (or
// CAP_SYS_ADMIN).
void preflight();

}  // namespace sigtrace
