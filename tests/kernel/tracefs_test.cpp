// Numbering tracepoints where tracefs is not mounted: a helper process
// mounts it in a mount namespace of its own. Its end must send no SIGCHLD:
// sigtrace forks it on a thread that blocks every signal, where a SIGCHLD is
// left pending for the whole process, and a pending signal makes the
// verifier, loading an object on another thread meanwhile, start over.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <exception>

#include "common/helper_thread.h"
#include "kernel/tracefs.h"
#include "mounts.h"

namespace sigtrace::testing {
namespace {

enum HelperOutcome { kNothingPending = 0, kChildSignalPending = 1, kNoId = 2, kSetupFailed = 3 };

// In a process of its own, so that the namespace and the signal mask stay
// there: tracefs unmounted, every signal blocked, then one tracepoint
// numbered; what is left pending for the process says whether the helper
// signalled its end.
[[noreturn]] void number_a_tracepoint_with_signals_blocked() {
  if (!leave_tracefs_behind()) _exit(kSetupFailed);
  block_signals_in_this_thread();  // the only thread
  try {
    if (tracepoint_ids({{"syscalls", "sys_enter_kill"}}).at(0) <= 0) _exit(kNoId);
  } catch (const std::exception&) {
    _exit(kNoId);
  }
  sigset_t pending;
  sigpending(&pending);
  _exit(sigismember(&pending, SIGCHLD) ? kChildSignalPending : kNothingPending);
}

TEST(TracefsHelper, ItsEndSignalsNobody) {
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) number_a_tracepoint_with_signals_blocked();
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), kNothingPending)
      << "1: a SIGCHLD was left pending; 2: no id; 3: no mount namespace";
}

}  // namespace
}  // namespace sigtrace::testing
