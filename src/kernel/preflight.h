// Checks that turn "libbpf: failed to ..." into one sentence a user can act on.
#pragma once

#include "kernel/kernel_version.h"

namespace sigtrace {

// Throws Error with the matching exit status when the kernel is older than
// 5.8, exposes no BTF, or the process lacks CAP_BPF + CAP_PERFMON (or
// CAP_SYS_ADMIN).
void preflight();

}  // namespace sigtrace
