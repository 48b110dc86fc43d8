// The running kernel's version, for features that no cheap probe tells.
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

// uname's release, parsed; nothing when it cannot be read.
std::optional<KernelVersion> running_kernel_version();

}  // namespace sigtrace
