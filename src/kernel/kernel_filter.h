// What the BPF programs drop before an event is ever written.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/signal_set.h"
#include "signal_event.h"

namespace sigtrace {

struct KernelFilter {
  // The sender.
  std::optional<uint32_t> pid;
  std::optional<uint32_t> tid;
  std::optional<uint32_t> uid;
  std::optional<uint32_t> gid;
  std::optional<std::string> comm;
  // The target: signal_generate's pid (or tgid); with -k, the argument as
  // passed, or the task the kernel resolved the call to.
  std::optional<int32_t> tpid;
  std::optional<std::string> tcomm;
  std::optional<SignalSet> signals;
  bool failed_only = false;
  // Which senders' mount namespaces pass: all, only those listed, or all
  // but those listed. The list changes while tracing (containers come and
  // go, see Tracer::set_mntns_list).
  sigtrace_mntns_filter mntns_mode = SIGTRACE_MNTNS_ALL;
  std::vector<uint64_t> mntns_ids;
};

// The filter half of the .rodata settings.
void apply_filter(const KernelFilter& filter, sigtrace_config& config);

}  // namespace sigtrace
