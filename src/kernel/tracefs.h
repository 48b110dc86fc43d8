// Tracepoint ids, with or without a mounted tracefs.
#pragma once

#include <string>
#include <vector>

namespace sigtrace {

// "signal/signal_generate", "syscalls/sys_enter_kill", ...
struct TracepointName {
  std::string category;
  std::string event;
  std::string full() const { return category + "/" + event; }
};

// The perf event ids of the tracepoints, in order. Reads them from tracefs
// where it is mounted. Where it is not (a fresh machine, a private mount
// namespace), a short-lived child mounts tracefs in a mount namespace of its
// own and reads them there, so nothing is left mounted on the host.
// Throws Error(kAttach) when tracefs cannot be reached at all and
// Error(kUnsupportedKernel) when the kernel lacks one of the tracepoints.
std::vector<int> tracepoint_ids(const std::vector<TracepointName>& names);

}  // namespace sigtrace
