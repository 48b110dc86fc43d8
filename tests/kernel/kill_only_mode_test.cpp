// Kill-only mode: the six syscall programs see every kill/tkill/tgkill call,
// failed ones and kill(pid, 0) probes included; kill_targets names the
// tasks a call reached. Each test traces its own sender only (filtered in
// the kernel), so a busy host cannot crowd its events out.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <set>

#include "child.h"
#include "enrich/clock.h"
#include "event_log.h"
#include "output/sanitize.h"
#include "processes.h"
#include "tracing.h"

namespace sigtrace::testing {
namespace {

class KillOnlyMode : public ::testing::Test {
 protected:
  // Traces what this (still gated) sender does.
  void trace(const Child& sender) {
    tracer_ = start_tracer(Mode::kKillOnly, only_sender(sender.pid()));
    ASSERT_EQ(tracer_->target_resolution_problem(), "");
  }

  Events wait(const EventMatch& match, size_t count = 1) {
    return wait_for(*tracer_, log_, match, count);
  }

  void expect_sent_by_child(const sigtrace_event& e, const Child& sender, const char* comm,
                            uint32_t uid = 0) {
    testing::expect_sent_by_child(e, {sender.pid(), comm, uid});
    // signal_generate's fields are not filled by the syscall programs.
    EXPECT_EQ(e.code, 0);
    EXPECT_EQ(e.result, 0);
  }

  // Sends through a child and returns the single event of that sender.
  sigtrace_event send_one(const char* comm, std::function<int()> action, int expected_errno,
                          uid_t uid = 0) {
    Child sender = spawn_sender({.name = comm, .uid = uid, .gid = uid}, std::move(action));
    trace(sender);
    uint64_t before = BootClock::now_boot_ns();
    EXPECT_EQ(run_sender(sender), expected_errno);
    uint64_t after = BootClock::now_boot_ns();
    Events events = wait(sent_by(sender.pid()));
    EXPECT_EQ(events.size(), 1u) << describe(log_.events());
    if (events.empty()) return {};
    expect_sent_by_child(events[0], sender, comm, uid);
    EXPECT_GE(events[0].header.timestamp_ns, before);
    EXPECT_LE(events[0].header.timestamp_ns, after);
    return events[0];
  }

  std::unique_ptr<Tracer> tracer_;
  EventLog log_;
};

TEST_F(KillOnlyMode, KillReportsArgumentsTargetAndSuccess) {
  Child target = spawn_target({.name = "ko-target", .handled = {SIGUSR1}});
  sigtrace_event e = send_one(
      "ko-killer", [&] { return errno_of(kill(target.pid(), SIGUSR1)); }, 0);
  EXPECT_EQ(e.source, SIGTRACE_SOURCE_KILL);
  EXPECT_EQ(e.pid_arg, target.pid());
  EXPECT_EQ(e.tgid_arg, 0);
  EXPECT_EQ(e.sig, SIGUSR1);
  EXPECT_EQ(e.error, 0);
  EXPECT_EQ(e.group, 1);
  EXPECT_EQ(e.ntargets, 1u);
  EXPECT_EQ(e.target.tid, static_cast<uint32_t>(target.pid()));
  EXPECT_EQ(e.target.tgid, static_cast<uint32_t>(target.pid()));
  EXPECT_EQ(e.target_nspid, target.pid());
  EXPECT_EQ(e.target.mntns_id, namespace_id(target.pid(), "mnt"));
  EXPECT_EQ(e.target.pidns_id, namespace_id(target.pid(), "pid"));
  EXPECT_EQ(fixed_text(e.target.comm), "ko-target");
}

TEST_F(KillOnlyMode, TkillReportsTheTid) {
  Child target = spawn_target({.name = "ko-tkilled", .handled = {SIGUSR2}});
  sigtrace_event e = send_one(
      "ko-tkiller", [&] { return errno_of(syscall(SYS_tkill, target.pid(), SIGUSR2)); }, 0);
  EXPECT_EQ(e.source, SIGTRACE_SOURCE_TKILL);
  EXPECT_EQ(e.pid_arg, target.pid());
  EXPECT_EQ(e.sig, SIGUSR2);
  EXPECT_EQ(e.group, 0);
  EXPECT_EQ(e.ntargets, 1u);
  EXPECT_EQ(fixed_text(e.target.comm), "ko-tkilled");
}

TEST_F(KillOnlyMode, TgkillReportsTidAndTgid) {
  pid_t thread = 0;
  Child target = spawn_target(
      {.name = "ko-tgmain", .handled = {SIGUSR1}, .thread_name = "ko-tgthread"}, &thread);
  sigtrace_event e = send_one(
      "ko-tgkiller", [&] { return errno_of(syscall(SYS_tgkill, target.pid(), thread, SIGUSR1)); },
      0);
  EXPECT_EQ(e.source, SIGTRACE_SOURCE_TGKILL);
  EXPECT_EQ(e.pid_arg, thread);
  EXPECT_EQ(e.tgid_arg, target.pid());
  EXPECT_EQ(e.target.tid, static_cast<uint32_t>(thread));
  EXPECT_EQ(e.target.tgid, static_cast<uint32_t>(target.pid()));
  EXPECT_EQ(fixed_text(e.target.comm), "ko-tgthread");
  EXPECT_EQ(e.group, 0);
}

TEST_F(KillOnlyMode, RaiseIsTgkillToSelf) {
  sigtrace_event e = send_one(
      "ko-raiser",
      [] {
        signal(SIGUSR1, SIG_IGN);
        return raise(SIGUSR1) == 0 ? 0 : errno;
      },
      0);
  EXPECT_EQ(e.source, SIGTRACE_SOURCE_TGKILL);
  EXPECT_EQ(e.pid_arg, static_cast<int32_t>(e.sender.tid));
  EXPECT_EQ(e.tgid_arg, static_cast<int32_t>(e.sender.tgid));
  EXPECT_EQ(fixed_text(e.target.comm), "ko-raiser");
  EXPECT_EQ(e.ntargets, 1u);
}

TEST_F(KillOnlyMode, ExistenceProbeKillZeroIsSeen) {
  Child target = spawn_target({.name = "ko-probed"});
  sigtrace_event e = send_one(
      "ko-prober", [&] { return errno_of(kill(target.pid(), 0)); }, 0);
  EXPECT_EQ(e.source, SIGTRACE_SOURCE_KILL);
  EXPECT_EQ(e.pid_arg, target.pid());
  EXPECT_EQ(e.sig, 0);
  EXPECT_EQ(e.error, 0);
  // No signal was generated: the kernel names no target.
  EXPECT_EQ(e.ntargets, 0u);
  EXPECT_EQ(e.target.tid, 0u);
  EXPECT_EQ(fixed_text(e.target.comm), "");
}

TEST_F(KillOnlyMode, NoSuchProcessIsEsrch) {
  pid_t nobody = unused_pid();
  sigtrace_event e = send_one(
      "ko-esrch", [&] { return errno_of(kill(nobody, SIGTERM)); }, ESRCH);
  EXPECT_EQ(e.pid_arg, nobody);
  EXPECT_EQ(e.sig, SIGTERM);
  EXPECT_EQ(e.error, ESRCH);
  EXPECT_EQ(e.ntargets, 0u);
}

TEST_F(KillOnlyMode, UnprivilegedKillOfRootProcessIsEperm) {
  Child target = spawn_target({.name = "ko-rootproc", .handled = {SIGUSR1}});
  sigtrace_event e = send_one(
      "ko-eperm", [&] { return errno_of(kill(target.pid(), SIGUSR1)); }, EPERM, 65534);
  EXPECT_EQ(e.pid_arg, target.pid());
  EXPECT_EQ(e.error, EPERM);
  EXPECT_EQ(e.ntargets, 0u);
}

TEST_F(KillOnlyMode, KillOfProcessGroupIsOneCallWithThreeTargets) {
  Child leader = spawn_target({.name = "ko-pg-lead", .handled = {SIGUSR1}, .lead_group = true});
  Child second =
      spawn_target({.name = "ko-pg-two", .handled = {SIGUSR1}, .join_group = leader.pid()});
  Child third =
      spawn_target({.name = "ko-pg-three", .handled = {SIGUSR1}, .join_group = leader.pid()});
  sigtrace_event e = send_one(
      "ko-pgkill", [&] { return errno_of(kill(-leader.pid(), SIGUSR1)); }, 0);
  EXPECT_EQ(e.source, SIGTRACE_SOURCE_KILL);
  EXPECT_EQ(e.pid_arg, -leader.pid());
  EXPECT_EQ(e.ntargets, 3u);
  std::set<std::string> members = {"ko-pg-lead", "ko-pg-two", "ko-pg-three"};
  EXPECT_TRUE(members.count(std::string(fixed_text(e.target.comm)))) << describe(e);
}

TEST_F(KillOnlyMode, KillZeroTargetsTheCallersOwnGroup) {
  Child sender = spawn_sender({.name = "ko-kill0"}, [] {
    setpgid(0, 0);
    signal(SIGUSR2, SIG_IGN);
    return errno_of(kill(0, SIGUSR2));
  });
  trace(sender);
  ASSERT_EQ(run_sender(sender), 0);
  Events events = wait(sent_by(sender.pid()));
  ASSERT_EQ(events.size(), 1u) << describe(log_.events());
  EXPECT_EQ(events[0].pid_arg, 0);
  EXPECT_EQ(events[0].sig, SIGUSR2);
  EXPECT_EQ(events[0].ntargets, 1u);
  EXPECT_EQ(fixed_text(events[0].target.comm), "ko-kill0");
}

}  // namespace
}  // namespace sigtrace::testing
