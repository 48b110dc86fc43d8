#include "events/target_view.h"

namespace sigtrace {

int32_t host_tpid(const sigtrace_event& event) {
  if (event.source == SIGTRACE_SOURCE_GENERATE) return event.tpid;
  if (event.ntargets == 1 && event.target_tid != 0) return static_cast<int32_t>(event.target_tid);
  return event.tpid;
}

std::optional<int32_t> sender_tpid(const sigtrace_event& event) {
  int32_t seen = event.source == SIGTRACE_SOURCE_GENERATE ? event.target_nspid : event.tpid;
  if (seen == 0 && event.source == SIGTRACE_SOURCE_GENERATE) return std::nullopt;
  if (seen == host_tpid(event)) return std::nullopt;
  return seen;
}

}  // namespace sigtrace
