// The three signal syscalls beyond kill/tkill/tgkill, in both modes:
// rt_sigqueueinfo (sigqueue), rt_tgsigqueueinfo (pthread_sigqueue) and
// pidfd_send_signal. Generate mode sees the signal they generate, with the
// syscall as its origin; kill-only mode sees every call, failed ones and
// signal 0 probes included. Each test traces its own sender only.
#include <gtest/gtest.h>
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstring>

#include "child.h"
#include "event_log.h"
#include "output/sanitize.h"
#include "processes.h"
#include "tracing.h"

namespace sigtrace::testing {
namespace {

constexpr int kSiUser = 0;
constexpr int kSiQueue = -1;

std::string mode_name(const ::testing::TestParamInfo<Mode>& info) {
  return info.param == Mode::kKillOnly ? "KillOnly" : "Generate";
}

int pidfd_open(pid_t pid) {
  return static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
}

int pidfd_send_signal(int pidfd, int sig) {
  return static_cast<int>(syscall(SYS_pidfd_send_signal, pidfd, sig, nullptr, 0));
}

int sigqueue_with(pid_t pid, int sig, int value) {
  return errno_of(sigqueue(pid, sig, sigval{.sival_int = value}));
}

class SignalSyscalls : public ::testing::TestWithParam<Mode> {
 protected:
  bool kill_only() const { return GetParam() == Mode::kKillOnly; }

  // Runs the sender to completion under a tracer of its own events.
  void run(Child& sender, int expected_errno = 0) {
    tracer_ = start_tracer(GetParam(), only_sender(sender.pid()));
    ASSERT_EQ(run_sender(sender), expected_errno);
  }

  Events wait(const EventMatch& match, size_t count = 1) {
    return wait_for(*tracer_, log_, match, count);
  }

  // The one event of the sender with this signal, whichever the mode.
  sigtrace_event only_event(const Child& sender, int sig) {
    Events events = wait(all_of({signalled_by(sender.pid()), with_signal(sig)}));
    EXPECT_EQ(events.size(), 1u) << describe(log_.events());
    return events.empty() ? sigtrace_event{} : events[0];
  }

  // Fields both modes fill alike for a call that reached `target`.
  void expect_reached(const sigtrace_event& e, pid_t tid, pid_t tgid, const char* comm,
                      long syscall_nr) {
    EXPECT_EQ(e.target.tid, static_cast<uint32_t>(tid)) << describe(e);
    EXPECT_EQ(e.target.tgid, static_cast<uint32_t>(tgid));
    EXPECT_EQ(fixed_text(e.target.comm), comm);
    EXPECT_EQ(e.syscall_nr, syscall_nr);
    EXPECT_EQ(e.origin, SIGTRACE_ORIGIN_KNOWN | SIGTRACE_ORIGIN_TASK_STACK);
    EXPECT_EQ(e.ntargets, 1u);
  }

  std::unique_ptr<Tracer> tracer_;
  EventLog log_;
};

TEST_P(SignalSyscalls, SigqueueIsRtSigqueueinfoWithSiQueue) {
  Child target = spawn_target({.name = "sq-target", .handled = {SIGUSR1}});
  Child sender =
      spawn_sender({.name = "sq-sender"}, [&] { return sigqueue_with(target.pid(), SIGUSR1, 42); });
  run(sender);
  sigtrace_event e = only_event(sender, SIGUSR1);
  expect_reached(e, target.pid(), target.pid(), "sq-target", SYS_rt_sigqueueinfo);
  EXPECT_EQ(e.group, 1);
  EXPECT_EQ(e.error, 0);
  if (kill_only()) {
    EXPECT_EQ(e.source, SIGTRACE_SOURCE_RT_SIGQUEUEINFO);
    EXPECT_EQ(e.pid_arg, target.pid());
    EXPECT_EQ(e.code, kSiQueue);  // the si_code the caller passed
  } else {
    EXPECT_EQ(e.source, SIGTRACE_SOURCE_GENERATE);
    EXPECT_EQ(e.code, kSiQueue);
  }
}

TEST_P(SignalSyscalls, PthreadSigqueueIsRtTgsigqueueinfoToOneThread) {
  Child sender = spawn_sender({.name = "ptsq-sender"}, [] {
    signal(SIGUSR2, [](int) {});
    pthread_t thread;
    pthread_create(
        &thread, nullptr,
        [](void*) -> void* {
          pthread_setname_np(pthread_self(), "ptsq-thread");
          pause();
          return nullptr;
        },
        nullptr);
    usleep(20000);  // named before it is signalled
    int err = pthread_sigqueue(thread, SIGUSR2, sigval{.sival_int = 7});
    pthread_join(thread, nullptr);  // the handler ends its pause()
    return err;
  });
  run(sender);
  sigtrace_event e = only_event(sender, SIGUSR2);
  EXPECT_EQ(e.target.tgid, static_cast<uint32_t>(sender.pid()));
  EXPECT_NE(e.target.tid, static_cast<uint32_t>(sender.pid()));
  EXPECT_EQ(fixed_text(e.target.comm), "ptsq-thread");
  EXPECT_EQ(e.syscall_nr, SYS_rt_tgsigqueueinfo);
  EXPECT_EQ(e.group, 0);
  EXPECT_EQ(e.code, kSiQueue);
  if (kill_only()) {
    EXPECT_EQ(e.source, SIGTRACE_SOURCE_RT_TGSIGQUEUEINFO);
    EXPECT_EQ(e.tgid_arg, sender.pid());
    EXPECT_EQ(e.pid_arg, static_cast<int32_t>(e.target.tid));
  }
}

TEST_P(SignalSyscalls, PidfdSendSignalNamesTheProcessBehindTheFd) {
  Child target = spawn_target({.name = "pidfd-target", .handled = {SIGUSR1}});
  int pidfd = pidfd_open(target.pid());
  ASSERT_GE(pidfd, 0) << std::strerror(errno);
  Child sender = spawn_sender({.name = "pidfd-sender"},
                              [&] { return errno_of(pidfd_send_signal(pidfd, SIGUSR1)); });
  close(pidfd);
  run(sender);
  sigtrace_event e = only_event(sender, SIGUSR1);
  expect_reached(e, target.pid(), target.pid(), "pidfd-target", SYS_pidfd_send_signal);
  EXPECT_EQ(e.group, 1);
  EXPECT_EQ(e.code, kSiUser);
  if (kill_only()) {
    EXPECT_EQ(e.source, SIGTRACE_SOURCE_PIDFD_SEND_SIGNAL);
    EXPECT_EQ(e.pid_arg, pidfd);  // the argument is the fd
    EXPECT_EQ(e.call_flags, 0u);
    EXPECT_EQ(e.error, 0);
  }
}

// The process has been reaped: the call fails, and only -k sees it, still
// naming the pid the fd was opened for.
TEST_P(SignalSyscalls, PidfdOfAReapedProcessIsEsrch) {
  Child gone = spawn_target({.name = "pidfd-gone"});
  pid_t gone_pid = gone.pid();
  int pidfd = pidfd_open(gone_pid);
  ASSERT_GE(pidfd, 0) << std::strerror(errno);
  kill(gone_pid, SIGKILL);
  gone.wait();
  Child sender = spawn_sender({.name = "pidfd-late"}, [&] {
    int err = errno_of(pidfd_send_signal(pidfd, SIGTERM));
    kill(getpid(), 0);  // a probe: nothing to see in generate mode either
    signal(SIGWINCH, SIG_IGN);
    kill(getpid(), SIGWINCH);  // the marker every mode sees
    return err;
  });
  close(pidfd);
  run(sender, ESRCH);
  wait(all_of({signalled_by(sender.pid()), with_signal(SIGWINCH)}));
  Events calls = log_.matching(all_of({signalled_by(sender.pid()), with_signal(SIGTERM)}));
  if (!kill_only()) {
    EXPECT_TRUE(calls.empty()) << describe(calls);
    return;
  }
  ASSERT_EQ(calls.size(), 1u) << describe(log_.events());
  const sigtrace_event& e = calls[0];
  EXPECT_EQ(e.source, SIGTRACE_SOURCE_PIDFD_SEND_SIGNAL);
  EXPECT_EQ(e.error, ESRCH);
  EXPECT_EQ(e.ntargets, 0u);
  EXPECT_EQ(e.target.tgid, static_cast<uint32_t>(gone_pid));
  EXPECT_EQ(fixed_text(e.target.comm), "");
}

// sigqueue(pid, 0, ...) checks that the process exists: a call, no signal.
TEST_P(SignalSyscalls, SigqueueOfSignalZeroIsACallWithoutASignal) {
  Child target = spawn_target({.name = "sq0-target", .handled = {SIGUSR1}});
  Child sender = spawn_sender({.name = "sq0-sender"}, [&] {
    int err = sigqueue_with(target.pid(), 0, 0);
    kill(target.pid(), SIGUSR1);  // the marker every mode sees
    return err;
  });
  run(sender);
  wait(all_of({signalled_by(sender.pid()), with_signal(SIGUSR1)}));
  Events probes = log_.matching(all_of({signalled_by(sender.pid()), with_signal(0)}));
  if (!kill_only()) {
    EXPECT_TRUE(probes.empty()) << describe(probes);
    return;
  }
  ASSERT_EQ(probes.size(), 1u) << describe(log_.events());
  EXPECT_EQ(probes[0].source, SIGTRACE_SOURCE_RT_SIGQUEUEINFO);
  EXPECT_EQ(probes[0].pid_arg, target.pid());
  EXPECT_EQ(probes[0].error, 0);
  EXPECT_EQ(probes[0].ntargets, 0u);
  EXPECT_EQ(probes[0].syscall_nr, SYS_rt_sigqueueinfo);
}

INSTANTIATE_TEST_SUITE_P(BothModes, SignalSyscalls,
                         ::testing::Values(Mode::kGenerate, Mode::kKillOnly), mode_name);

}  // namespace
}  // namespace sigtrace::testing
