// What every stage after the kernel sees of a signal: the kernel's record as
// it was read, never changed, and what user space learned about it, built
// once per event by enrich/. Selection and every formatter read this; none
// of them looks anything up.
#pragma once

#include <cstdint>
#include <string_view>

#include "model/container.h"
#include "model/target_numbers.h"
#include "signal_event.h"

namespace sigtrace {

// The target as far as it is known: from the kernel, or, for a kill-only
// call that generated no signal (a probe, a refusal), from /proc right
// after the call.
struct KnownTarget {
  uint32_t tid = 0;  // host thread id; 0 when no single task is known
  uint64_t mntns_id = 0;
  std::string_view comm;   // empty when unknown
  bool from_proc = false;  // looked up in /proc, not read by the kernel
};

struct EnrichedEvent {
  const sigtrace_event* record = nullptr;  // as read from the kernel
  uint64_t wall_ns = 0;                    // the record's time, on the wall clock
  std::string_view user;                   // the sender's user and group names,
  std::string_view group;                  // empty when the host has none
  KnownTarget target;
  TargetNumbers numbers;  // TPID, TNSPID, TTID
  // The host when not asked for (see enrich/enricher.h).
  ContainerPlace sender_place;
  ContainerPlace target_place;
};

}  // namespace sigtrace
