// Which number to show for a signal's target. signal_generate gives the
// host's view, a kill() call the sender's (its argument); the kernel-side
// target reading (signal_target) gives the other one, so both modes can
// report the same: the host pid always, the sender's when it differs.
#pragma once

#include <cstdint>
#include <optional>

#include "signal_event.h"

namespace sigtrace {

// The target as the host numbers it. For a call that reached no single
// task (kill(0), kill(-pgid), ESRCH, no kernel-side reading): the argument
// as passed when the sender numbers pids as the host does, else 0 (unknown).
int32_t host_tpid(const sigtrace_event& event);

// The target as the sender's pid namespace numbers it, when that differs
// from host_tpid() (a sender in a container).
std::optional<int32_t> sender_tpid(const sigtrace_event& event);

// The one task the signal went to, by its host thread id; nothing when the
// call reached none or several (kill(0) to a group of three).
std::optional<uint32_t> single_target_tid(const sigtrace_event& event);

}  // namespace sigtrace
