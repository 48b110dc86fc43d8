// Every in-kernel filter, in both modes: the event it should keep arrives,
// the one it should drop does not. The dropped action always runs first, so
// once the kept event is read, anything the dropped one produced would have
// been read before it. Filters that could match other processes of a busy
// host are combined with -T on the test's own target, so that only the
// test's own signals can reach its buffer.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "child.h"
#include "event_log.h"
#include "model/signal_set.h"
#include "output/sanitize.h"
#include "processes.h"
#include "tracing.h"

namespace sigtrace::testing {
namespace {

std::string mode_name(const ::testing::TestParamInfo<Mode>& info) {
  return info.param == Mode::kKillOnly ? "KillOnly" : "Generate";
}

class Filter : public ::testing::TestWithParam<Mode> {
 protected:
  Mode mode() const { return GetParam(); }

  // Starts the tracer, runs `dropped` then `kept` to completion, and checks
  // that only the kept sender shows up.
  void expect_keeps_only(const KernelFilter& filter, Child& dropped, Child& kept,
                         int dropped_errno = 0, int kept_errno = 0) {
    auto tracer = start_tracer(mode(), filter);
    EventLog log;
    ASSERT_EQ(run_sender(dropped), dropped_errno);
    ASSERT_EQ(run_sender(kept), kept_errno);
    Events events = wait_for(*tracer, log, signalled_by(kept.pid()));
    ASSERT_EQ(events.size(), 1u) << describe(log.events());
    EXPECT_TRUE(log.matching(signalled_by(dropped.pid())).empty()) << describe(log.events());
  }
};

int kill_with(pid_t pid, int sig) {
  return errno_of(kill(pid, sig));
}

// The filter under test, and only signals to this target.
KernelFilter to_target(KernelFilter filter, pid_t target) {
  filter.tpid = target;
  return filter;
}

TEST_P(Filter, Pid) {
  Child target = spawn_target({.handled = {SIGUSR1}});
  Child dropped = spawn_sender({}, [&] { return kill_with(target.pid(), SIGUSR1); });
  Child kept = spawn_sender({}, [&] { return kill_with(target.pid(), SIGUSR1); });
  expect_keeps_only({.pid = static_cast<uint32_t>(kept.pid())}, dropped, kept);
}

TEST_P(Filter, Tid) {
  Child target = spawn_target({.handled = {SIGUSR1}});
  Child dropped = spawn_sender({}, [&] { return kill_with(target.pid(), SIGUSR1); });
  Child kept = spawn_sender({}, [&] { return kill_with(target.pid(), SIGUSR1); });
  expect_keeps_only({.tid = static_cast<uint32_t>(kept.pid())}, dropped, kept);
}

TEST_P(Filter, Uid) {
  Child target = spawn_target({.handled = {SIGUSR1}, .uid = 65534, .gid = 65534});
  Child dropped = spawn_sender({}, [&] { return kill_with(target.pid(), SIGUSR1); });
  Child kept = spawn_sender({.uid = 65534}, [&] { return kill_with(target.pid(), SIGUSR1); });
  expect_keeps_only(to_target({.uid = 65534}, target.pid()), dropped, kept);
}

TEST_P(Filter, Gid) {
  Child target = spawn_target({.handled = {SIGUSR1}, .uid = 65534, .gid = 65534});
  Child dropped = spawn_sender({.uid = 65534}, [&] { return kill_with(target.pid(), SIGUSR1); });
  Child kept =
      spawn_sender({.uid = 65534, .gid = 65534}, [&] { return kill_with(target.pid(), SIGUSR1); });
  expect_keeps_only(to_target({.gid = 65534}, target.pid()), dropped, kept);
}

TEST_P(Filter, Comm) {
  Child target = spawn_target({.handled = {SIGUSR1}});
  Child dropped =
      spawn_sender({.name = "flt-keep-mex"}, [&] { return kill_with(target.pid(), SIGUSR1); });
  Child kept =
      spawn_sender({.name = "flt-keep-me"}, [&] { return kill_with(target.pid(), SIGUSR1); });
  expect_keeps_only(to_target({.comm = "flt-keep-me"}, target.pid()), dropped, kept);
}

TEST_P(Filter, TargetPid) {
  Child other = spawn_target({.handled = {SIGUSR1}});
  Child target = spawn_target({.handled = {SIGUSR1}});
  Child dropped = spawn_sender({}, [&] { return kill_with(other.pid(), SIGUSR1); });
  Child kept = spawn_sender({}, [&] { return kill_with(target.pid(), SIGUSR1); });
  expect_keeps_only({.tpid = target.pid()}, dropped, kept);
}

// -T PID also keeps signals to the process's other threads: tgkill in both
// modes (its tgid argument), signal_generate by the target's thread group.
TEST_P(Filter, TargetPidCoversItsThreads) {
  pid_t thread = 0;
  Child other = spawn_target({.handled = {SIGUSR1}});
  Child target = spawn_target({.handled = {SIGUSR1}, .thread_name = "flt-thread"}, &thread);
  Child dropped = spawn_sender(
      {}, [&] { return errno_of(syscall(SYS_tgkill, other.pid(), other.pid(), SIGUSR1)); });
  Child kept = spawn_sender(
      {}, [&] { return errno_of(syscall(SYS_tgkill, target.pid(), thread, SIGUSR1)); });
  expect_keeps_only({.tpid = target.pid()}, dropped, kept);
}

TEST_P(Filter, SignalList) {
  Child target = spawn_target({.handled = {SIGUSR1, SIGUSR2, SIGHUP}});
  Child dropped = spawn_sender({}, [&] { return kill_with(target.pid(), SIGUSR2); });
  Child kept = spawn_sender({}, [&] { return kill_with(target.pid(), SIGUSR1); });
  KernelFilter filter;
  filter.signals = parse_signal_list("SIGHUP,usr1");
  expect_keeps_only(to_target(filter, target.pid()), dropped, kept);
}

TEST_P(Filter, ExcludedSignal) {
  Child target = spawn_target({.handled = {SIGUSR1, SIGUSR2}});
  Child dropped = spawn_sender({}, [&] { return kill_with(target.pid(), SIGUSR2); });
  Child kept = spawn_sender({}, [&] { return kill_with(target.pid(), SIGUSR1); });
  KernelFilter filter;
  filter.signals = resolve_signal_filter(std::nullopt, "USR2", mode() == Mode::kKillOnly);
  expect_keeps_only(to_target(filter, target.pid()), dropped, kept);
}

TEST_P(Filter, RealTimeSignalByNumber) {
  Child target = spawn_target({.handled = {SIGRTMIN, SIGRTMIN + 1}});
  Child dropped = spawn_sender({}, [&] { return kill_with(target.pid(), SIGRTMIN); });
  Child kept = spawn_sender({}, [&] { return kill_with(target.pid(), SIGRTMIN + 1); });
  KernelFilter filter;
  filter.signals = parse_signal_list(std::to_string(SIGRTMIN + 1));
  expect_keeps_only(to_target(filter, target.pid()), dropped, kept);
}

TEST_P(Filter, FailedOnly) {
  KernelFilter filter{.failed_only = true};
  Child target = spawn_target({.handled = {SIGUSR1}, .ignored = {SIGUSR2}});
  if (mode() == Mode::kKillOnly) {
    // Two calls with the same arguments: one succeeds, one is refused.
    Child dropped = spawn_sender({}, [&] { return kill_with(target.pid(), SIGUSR1); });
    Child kept = spawn_sender({.uid = 65534, .gid = 65534},
                              [&] { return kill_with(target.pid(), SIGUSR1); });
    expect_keeps_only(to_target(filter, target.pid()), dropped, kept, 0, EPERM);
  } else {
    // A signal that was not delivered.
    Child dropped = spawn_sender({}, [&] { return kill_with(target.pid(), SIGUSR1); });
    Child kept = spawn_sender({}, [&] { return kill_with(target.pid(), SIGUSR2); });
    expect_keeps_only(to_target(filter, target.pid()), dropped, kept);
  }
}

TEST_P(Filter, MountNamespace) {
  Child target = spawn_target({.handled = {SIGUSR1}});
  Child dropped = spawn_sender({}, [&] { return kill_with(target.pid(), SIGUSR1); });
  Child kept =
      spawn_sender({.own_mount_namespace = true}, [&] { return kill_with(target.pid(), SIGUSR1); });
  uint64_t kept_mntns = namespace_id(kept.pid(), "mnt");
  ASSERT_NE(kept_mntns, namespace_id(getpid(), "mnt"));
  expect_keeps_only(
      to_target({.mntns_mode = SIGTRACE_MNTNS_ONLY, .mntns_ids = {kept_mntns}}, target.pid()),
      dropped, kept);
}

// kill(0, sig): -T 0 is the caller's own group, not every call without a
// tgid (kill and tkill pass none).
TEST(KillOnlyFilter, TargetZeroIsTheCallersGroup) {
  Child target = spawn_target({.handled = {SIGUSR1}});
  Child dropped = spawn_sender({}, [&] { return kill_with(target.pid(), SIGUSR1); });
  Child kept = spawn_sender({}, [] {
    setpgid(0, 0);
    signal(SIGUSR1, SIG_IGN);
    return kill_with(0, SIGUSR1);
  });
  auto tracer = start_tracer(Mode::kKillOnly, {.tpid = 0});
  EventLog log;
  ASSERT_EQ(run_sender(dropped), 0);
  ASSERT_EQ(run_sender(kept), 0);
  Events events = wait_for(*tracer, log, signalled_by(kept.pid()));
  ASSERT_EQ(events.size(), 1u) << describe(log.events());
  EXPECT_TRUE(log.matching(signalled_by(dropped.pid())).empty()) << describe(log.events());
}

INSTANTIATE_TEST_SUITE_P(BothModes, Filter, ::testing::Values(Mode::kGenerate, Mode::kKillOnly),
                         mode_name);

}  // namespace
}  // namespace sigtrace::testing
