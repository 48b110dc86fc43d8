// Which numbers stand for a signal's target. signal_generate gives the
// host's view, a kill() call the sender's (its argument); the kernel-side
// target reading (kill_targets) gives the other one, so both modes can
// report the same: the host pid always, the sender's when it differs.
#pragma once

#include <cstdint>
#include <optional>

#include "signal_event.h"

namespace sigtrace {

struct TargetNumbers {
  // TPID: the target as the host numbers it. For a call that reached no
  // single task (kill(0), kill(-pgid), ESRCH): the argument as passed when
  // the sender numbers pids as the host does, else 0 (unknown).
  int32_t tpid = 0;
  // TNSPID: the target as the sender's pid namespace numbers it, when that
  // differs from tpid (a sender in a container).
  std::optional<int32_t> tnspid;
  // TTID: the one task the signal went to, by host thread id; nothing when
  // the call reached none or several (kill(0) to a group of three).
  std::optional<uint32_t> ttid;
};

// `known_tid`: the target's host thread id as far as it is known: the
// kernel's, or the one found in /proc for a call that generated no signal.
TargetNumbers number_target(const sigtrace_event& record, uint32_t known_tid);

}  // namespace sigtrace
