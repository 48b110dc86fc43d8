// What every stage after the kernel sees of a signal: the kernel's record as
// it was read, never changed, and what user space learned about it, built
// once per event by enrich/. Selection and every formatter read this; none
// of them looks anything up.
#pragma once

#include <cstdint>
#include <string_view>

#include "model/container.h"
#include "model/fate.h"
#include "model/origin.h"
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

// The sender as shown: the record's, or the kernel for a signal generated in
// an interrupt or by the OOM killer, where the task the record names was
// only whoever was running (for an OOM kill: the trigger).
struct Sender {
  std::string_view comm;
  uint32_t tgid = 0;
  uint32_t tid = 0;
  uint64_t mntns_id = 0;
  uint32_t uid = 0;
  uint32_t gid = 0;
  std::string_view user;   // the names of uid and gid, empty when the host
  std::string_view group;  // has none (or when not asked for)
  std::string_view pcomm;  // its parent
  uint32_t ppid = 0;
  uint32_t ptid = 0;
  bool kernel = false;
};

struct EnrichedEvent {
  const sigtrace_event* record = nullptr;  // as read from the kernel
  uint64_t wall_ns = 0;                    // the record's time, on the wall clock
  Sender sender;
  KnownTarget target;
  TargetNumbers numbers;  // TPID, TNSPID, TTID
  Origin origin;          // VIA
  // An OOM kill: the task whose allocation triggered it (the record's sender).
  const sigtrace_task* trigger = nullptr;
  // The host when not asked for (see enrich/enricher.h).
  ContainerPlace sender_place;
  ContainerPlace target_place;
  // --fate: what became of its signals (fate/); nullptr without.
  const Fate* fate = nullptr;
};

}  // namespace sigtrace
