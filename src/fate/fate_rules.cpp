#include "fate/fate_rules.h"

#include <signal.h>

#include "signal_event.h"

namespace sigtrace {
namespace {

// signal_generate's results (enum trace_signal_result in the kernel).
constexpr int kIgnoredResult = 1;
constexpr int kAlreadyPending = 2;
constexpr int kOverflowFail = 3;

constexpr int kCoreFlag = 0x80;
constexpr int kSignalMask = 0x7f;

bool stops_by_default(int sig) {
  return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

bool ignored_by_default(int sig) {
  return sig == SIGCHLD || sig == SIGCONT || sig == SIGURG || sig == SIGWINCH;
}

// The two signals an init cannot refuse when they come from outside.
bool kernel_only(int sig) {
  return sig == SIGKILL || sig == SIGSTOP;
}

}  // namespace

Verdict at_generation(int result, uint8_t facts, bool group) {
  if (facts & SIGTRACE_FATE_CONTINUED) return Verdict::decided(FateKind::kContinued);
  if (result == kAlreadyPending) return Verdict::decided(FateKind::kMerged);
  if (result == kOverflowFail) return Verdict::decided(FateKind::kDropped);
  if (result == kIgnoredResult) {
    // Also refused: anything but SIGKILL to a process already dying.
    return Verdict::decided((facts & SIGTRACE_FATE_GROUP_EXIT) ? FateKind::kDiscarded
                                                               : FateKind::kIgnored);
  }
  // A fatal signal the kernel acted on at once: the group exit is its own.
  if ((facts & SIGTRACE_FATE_GROUP_EXIT) && (facts & SIGTRACE_FATE_EXIT_BY_SIG)) {
    return Verdict::awaiting_exit();
  }
  // Queued to a thread already past its exit: nobody will dequeue it.
  if (!group && (facts & SIGTRACE_FATE_TARGET_EXITING)) {
    return Verdict::decided(FateKind::kDiscarded);
  }
  return Verdict::awaiting_delivery();
}

Verdict at_delivery(int sig, uint8_t action, bool unkillable) {
  switch (action) {
    case SIGTRACE_ACTION_IGNORE: return Verdict::decided(FateKind::kIgnored);
    case SIGTRACE_ACTION_HANDLER:
    case SIGTRACE_ACTION_WAITED: return Verdict::decided(FateKind::kHandled);
    default: break;
  }
  if (ignored_by_default(sig)) return Verdict::decided(FateKind::kIgnored);
  if (unkillable && !kernel_only(sig)) return Verdict::decided(FateKind::kIgnored);
  if (stops_by_default(sig)) return Verdict::decided(FateKind::kStopped);
  return Verdict::awaiting_exit();
}

FateKind at_death(int sig, int exit_code) {
  if ((exit_code & kSignalMask) != sig) return FateKind::kDiscarded;  // another one won
  return (exit_code & kCoreFlag) ? FateKind::kCoreDumped : FateKind::kTerminated;
}

ProcessExit exit_of(int exit_code) {
  return {exit_code & kSignalMask, (exit_code & kCoreFlag) != 0, true};
}

}  // namespace sigtrace
