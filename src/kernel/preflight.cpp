#include "kernel/preflight.h"

#include <linux/capability.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <string>

#include "common/error.h"

namespace sigtrace {
namespace {

// Ring buffers and bpf_ktime_get_boot_ns() arrived in 5.8.
constexpr KernelVersion kMinimumKernel{5, 8};
constexpr const char* kVmlinuxBtf = "/sys/kernel/btf/vmlinux";

// Not in older <linux/capability.h>.
constexpr int kCapPerfmon = 38;
constexpr int kCapBpf = 39;

void check_kernel_version() {
  struct utsname uts {};
  if (::uname(&uts) != 0) return;
  auto version = parse_kernel_release(uts.release);
  if (version && *version < kMinimumKernel) {
    throw Error(ExitStatus::kUnsupportedKernel,
                std::string("this kernel (") + uts.release +
                    ") is too old: sigtrace needs Linux 5.8 or later");
  }
}

void check_btf() {
  if (::access(kVmlinuxBtf, R_OK) != 0) {
    throw Error(ExitStatus::kNoBtf,
                std::string("this kernel exposes no BTF (") + kVmlinuxBtf +
                    " is missing); sigtrace needs a kernel built with CONFIG_DEBUG_INFO_BTF=y");
  }
}

bool has_capability(const __user_cap_data_struct (&caps)[2], int cap) {
  return (caps[cap / 32].effective & (1u << (cap % 32))) != 0;
}

void check_privileges() {
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct caps[2] = {};
  if (::syscall(SYS_capget, &header, caps) != 0) return;
  bool bpf = has_capability(caps, kCapBpf) && has_capability(caps, kCapPerfmon);
  if (!bpf && !has_capability(caps, CAP_SYS_ADMIN)) {
    throw Error(ExitStatus::kPermission,
                "permission denied: tracing signals needs root, or CAP_BPF and CAP_PERFMON "
                "(plus CAP_DAC_READ_SEARCH, and CAP_SYS_ADMIN where tracefs is not mounted; "
                "try: sudo sigtrace)");
  }
}

}  // namespace

void preflight() {
  check_kernel_version();
  check_btf();
  check_privileges();
}

}  // namespace sigtrace
