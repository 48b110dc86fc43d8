#include "events/target_view.h"

namespace sigtrace {

int32_t host_tpid(const sigtrace_event& event) {
  if (event.source == SIGTRACE_SOURCE_GENERATE) return static_cast<int32_t>(event.target.tid);
  // One task reached (read by kill_targets), or a probe or refusal whose
  // target was looked up in /proc.
  if (auto tid = single_target_tid(event)) return static_cast<int32_t>(*tid);
  // The argument itself: the host's numbering, or 0 and -1, which mean the
  // same in every pid namespace.
  if (event.sender.pidns_level == 0 || event.pid_arg == 0 || event.pid_arg == -1) {
    return event.pid_arg;
  }
  return 0;  // a pid of the sender's namespace that could not be translated
}

std::optional<int32_t> sender_tpid(const sigtrace_event& event) {
  int32_t seen = event.source == SIGTRACE_SOURCE_GENERATE ? event.target_nspid : event.pid_arg;
  if (seen == 0 && event.source == SIGTRACE_SOURCE_GENERATE) return std::nullopt;
  if (seen == host_tpid(event)) return std::nullopt;
  // A host sender's group argument (-PGID reaching one task): the host's
  // own numbering, nothing to add.
  if (seen <= 0 && event.sender.pidns_level == 0) return std::nullopt;
  return seen;
}

std::optional<uint32_t> single_target_tid(const sigtrace_event& event) {
  if (event.ntargets > 1 || event.target.tid == 0) return std::nullopt;
  return event.target.tid;
}

}  // namespace sigtrace
