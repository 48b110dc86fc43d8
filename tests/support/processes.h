// The processes of a signal scenario: targets that wait for signals and
// senders that act when told to.
#pragma once

#include <sys/types.h>

#include <functional>
#include <string>
#include <vector>

#include "child.h"

namespace sigtrace::testing {

struct TargetSetup {
  std::string name = "st-target";
  std::vector<int> handled;  // caught by a handler that does nothing
  std::vector<int> ignored;  // SIG_IGN
  std::vector<int> blocked;  // in the signal mask
  uid_t uid = 0;
  gid_t gid = 0;
  bool lead_group = false;  // setpgid(0, 0)
  pid_t join_group = 0;     // setpgid(0, join_group)
  std::string thread_name;  // start a second thread with this name
  bool own_mount_namespace = false;
};

// Returns once the target is set up; with thread_name, stores the second
// thread's tid in *thread_tid.
Child spawn_target(const TargetSetup& setup, pid_t* thread_tid = nullptr);

struct SenderSetup {
  std::string name = "st-sender";
  uid_t uid = 0;
  gid_t gid = 0;
  bool own_mount_namespace = false;
};

// The sender sets itself up, reports ready, and runs action() after go();
// its exit status is what action() returns (an errno, 0 for success).
Child spawn_sender(const SenderSetup& setup, std::function<int()> action);

// Runs a ready sender to completion; returns its exit status.
int run_sender(Child& sender);

// errno of a -1 result, 0 otherwise.
int errno_of(long result);

// Writes to a page that was just unmapped: a real fault (SIGSEGV,
// SEGV_MAPERR) that kills the caller. Under the sanitizers too: their own
// SIGSEGV handler is put back to the default first.
int fault_on_unmapped_page();

// Ends the calling process as one whose main thread leaves first: the main
// thread exits (that thread only), a second one 20 ms later. The kernel
// then releases that last thread, taking its pid, before it sends the
// parent its SIGCHLD. Returns only when the second thread cannot start.
int end_with_a_thread_outliving_main();

}  // namespace sigtrace::testing
