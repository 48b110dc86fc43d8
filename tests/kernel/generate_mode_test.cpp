// Default mode: ig_sig_generate sees every signal the kernel generates.
// Real processes send real signals; every field of the event is checked.
// Each test traces its own processes only (filtered in the kernel), so a
// busy host cannot crowd its events out.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "child.h"
#include "enrich/clock.h"
#include "event_log.h"
#include "output/sanitize.h"
#include "processes.h"
#include "tracing.h"

namespace sigtrace::testing {
namespace {

constexpr int kSiUser = 0;
constexpr int kSiTkill = -6;
constexpr int kSegvMaperr = 1;
constexpr int kCldExited = 1;
enum Result { kDelivered = 0, kIgnored = 1, kAlreadyPending = 2 };

class GenerateMode : public ::testing::Test {
 protected:
  void trace(const KernelFilter& filter) { tracer_ = start_tracer(Mode::kGenerate, filter); }
  // What this (still gated) sender does.
  void trace(const Child& sender) { trace(only_sender(sender.pid())); }

  Events wait(const EventMatch& match, size_t count = 1) {
    return wait_for(*tracer_, log_, match, count);
  }

  void expect_sent_by_child(const sigtrace_event& e, const Child& sender, const char* comm,
                            bool exiting = false) {
    EXPECT_EQ(e.source, SIGTRACE_SOURCE_GENERATE);
    testing::expect_sent_by_child(e, {sender.pid(), comm, 0, exiting});
  }

  std::unique_ptr<Tracer> tracer_;
  EventLog log_;
};

TEST_F(GenerateMode, KillReportsSenderTargetAndDelivery) {
  Child target = spawn_target({.name = "gm-target", .handled = {SIGUSR1}});
  Child sender =
      spawn_sender({.name = "gm-sender"}, [&] { return errno_of(kill(target.pid(), SIGUSR1)); });
  trace(sender);
  uint64_t before = BootClock::now_boot_ns();
  ASSERT_EQ(run_sender(sender), 0);
  uint64_t after = BootClock::now_boot_ns();

  Events events = wait(all_of({sent_by(sender.pid()), with_signal(SIGUSR1)}));
  ASSERT_EQ(events.size(), 1u) << describe(log_.events());
  const sigtrace_event& e = events[0];
  expect_sent_by_child(e, sender, "gm-sender");
  EXPECT_GE(e.header.timestamp_ns, before);
  EXPECT_LE(e.header.timestamp_ns, after);
  EXPECT_EQ(e.header.kind, SIGTRACE_RECORD_SIGNAL);
  EXPECT_EQ(e.target.tid, static_cast<uint32_t>(target.pid()));
  EXPECT_EQ(e.target.tgid, static_cast<uint32_t>(target.pid()));
  EXPECT_EQ(e.target_nspid, target.pid());
  EXPECT_EQ(e.target.mntns_id, namespace_id(target.pid(), "mnt"));
  EXPECT_EQ(e.target.pidns_id, namespace_id(target.pid(), "pid"));
  EXPECT_EQ(e.target.pidns_level, 0u);
  EXPECT_EQ(e.ntargets, 1u);
  EXPECT_EQ(e.pid_arg, 0);
  EXPECT_EQ(e.tgid_arg, 0);
  EXPECT_EQ(fixed_text(e.target.comm), "gm-target");
  EXPECT_EQ(e.sig, SIGUSR1);
  EXPECT_EQ(e.error, 0);
  EXPECT_EQ(e.code, kSiUser);
  EXPECT_EQ(e.group, 1);
  EXPECT_EQ(e.result, kDelivered);
}

TEST_F(GenerateMode, TkillIsThreadDirectedWithSiTkill) {
  Child target = spawn_target({.name = "gm-tkilled", .handled = {SIGUSR2}});
  Child sender = spawn_sender({.name = "gm-tkiller"},
                              [&] { return errno_of(syscall(SYS_tkill, target.pid(), SIGUSR2)); });
  trace(sender);
  ASSERT_EQ(run_sender(sender), 0);

  Events events = wait(all_of({sent_by(sender.pid()), with_signal(SIGUSR2)}));
  ASSERT_EQ(events.size(), 1u) << describe(log_.events());
  const sigtrace_event& e = events[0];
  expect_sent_by_child(e, sender, "gm-tkiller");
  EXPECT_EQ(e.target.tid, static_cast<uint32_t>(target.pid()));
  EXPECT_EQ(fixed_text(e.target.comm), "gm-tkilled");
  EXPECT_EQ(e.code, kSiTkill);
  EXPECT_EQ(e.group, 0);
  EXPECT_EQ(e.result, kDelivered);
}

TEST_F(GenerateMode, TgkillNamesTheTargetThread) {
  pid_t thread = 0;
  Child target = spawn_target(
      {.name = "gm-tgmain", .handled = {SIGUSR1}, .thread_name = "gm-tgthread"}, &thread);
  ASSERT_GT(thread, 0);
  Child sender = spawn_sender({.name = "gm-tgkiller"}, [&] {
    return errno_of(syscall(SYS_tgkill, target.pid(), thread, SIGUSR1));
  });
  trace(sender);
  ASSERT_EQ(run_sender(sender), 0);

  Events events = wait(all_of({sent_by(sender.pid()), with_signal(SIGUSR1)}));
  ASSERT_EQ(events.size(), 1u) << describe(log_.events());
  const sigtrace_event& e = events[0];
  expect_sent_by_child(e, sender, "gm-tgkiller");
  EXPECT_EQ(e.target.tid, static_cast<uint32_t>(thread));
  EXPECT_EQ(e.target.tgid, static_cast<uint32_t>(target.pid()));
  EXPECT_EQ(fixed_text(e.target.comm), "gm-tgthread");
  EXPECT_EQ(e.code, kSiTkill);
  EXPECT_EQ(e.group, 0);
}

TEST_F(GenerateMode, RaiseIsASignalToSelf) {
  Child sender = spawn_sender({.name = "gm-raiser"}, [] {
    signal(SIGUSR1, SIG_IGN);
    return raise(SIGUSR1) == 0 ? 0 : errno;
  });
  trace(sender);
  ASSERT_EQ(run_sender(sender), 0);

  Events events = wait(all_of({sent_by(sender.pid()), with_signal(SIGUSR1)}));
  ASSERT_EQ(events.size(), 1u) << describe(log_.events());
  const sigtrace_event& e = events[0];
  expect_sent_by_child(e, sender, "gm-raiser");
  EXPECT_EQ(e.target.tid, static_cast<uint32_t>(sender.pid()));
  EXPECT_EQ(fixed_text(e.target.comm), "gm-raiser");
  EXPECT_EQ(e.code, kSiTkill);
  EXPECT_EQ(e.result, kIgnored);
}

TEST_F(GenerateMode, IgnoredSignalIsReportedAsIgnored) {
  Child target = spawn_target({.name = "gm-deaf", .ignored = {SIGUSR2}});
  Child sender =
      spawn_sender({.name = "gm-shouter"}, [&] { return errno_of(kill(target.pid(), SIGUSR2)); });
  trace(sender);
  ASSERT_EQ(run_sender(sender), 0);

  Events events = wait(all_of({sent_by(sender.pid()), with_signal(SIGUSR2)}));
  ASSERT_EQ(events.size(), 1u) << describe(log_.events());
  EXPECT_EQ(events[0].result, kIgnored);
  EXPECT_EQ(fixed_text(events[0].target.comm), "gm-deaf");
}

TEST_F(GenerateMode, BlockedSignalSentTwiceIsAlreadyPending) {
  Child target = spawn_target({.name = "gm-blocked", .handled = {SIGUSR1}, .blocked = {SIGUSR1}});
  Child sender = spawn_sender({.name = "gm-twice"}, [&] {
    int first = errno_of(kill(target.pid(), SIGUSR1));
    int second = errno_of(kill(target.pid(), SIGUSR1));
    return first ? first : second;
  });
  trace(sender);
  ASSERT_EQ(run_sender(sender), 0);

  Events events = wait(all_of({sent_by(sender.pid()), with_signal(SIGUSR1)}), 2);
  ASSERT_EQ(events.size(), 2u) << describe(log_.events());
  EXPECT_EQ(events[0].result, kDelivered);
  EXPECT_EQ(events[1].result, kAlreadyPending);
}

TEST_F(GenerateMode, KillOfNoSuchProcessGeneratesNothing) {
  pid_t nobody = unused_pid();
  // The sender then signals itself: that proves the tracer saw everything
  // before it.
  Child sender = spawn_sender({.name = "gm-esrch"}, [&] {
    int error = errno_of(kill(nobody, SIGUSR1));
    signal(SIGUSR2, SIG_IGN);
    raise(SIGUSR2);
    return error;
  });
  trace(sender);
  ASSERT_EQ(run_sender(sender), ESRCH);
  ASSERT_EQ(wait(signalled_by(sender.pid())).size(), 1u) << describe(log_.events());
  EXPECT_TRUE(log_.matching(with_signal(SIGUSR1)).empty()) << describe(log_.events());
}

TEST_F(GenerateMode, RefusedKillGeneratesNothing) {
  Child target = spawn_target({.name = "gm-root", .handled = {SIGUSR1}});
  Child sender = spawn_sender({.name = "gm-eperm", .uid = 65534, .gid = 65534}, [&] {
    int error = errno_of(kill(target.pid(), SIGUSR1));
    signal(SIGUSR2, SIG_IGN);
    raise(SIGUSR2);
    return error;
  });
  trace(sender);
  ASSERT_EQ(run_sender(sender), EPERM);
  ASSERT_EQ(wait(signalled_by(sender.pid())).size(), 1u) << describe(log_.events());
  EXPECT_TRUE(log_.matching(with_signal(SIGUSR1)).empty()) << describe(log_.events());
}

TEST_F(GenerateMode, KillOfProcessGroupReachesEachMember) {
  Child leader = spawn_target({.name = "gm-pg-lead", .handled = {SIGUSR1}, .lead_group = true});
  Child second =
      spawn_target({.name = "gm-pg-two", .handled = {SIGUSR1}, .join_group = leader.pid()});
  Child third =
      spawn_target({.name = "gm-pg-three", .handled = {SIGUSR1}, .join_group = leader.pid()});
  Child sender =
      spawn_sender({.name = "gm-pgkill"}, [&] { return errno_of(kill(-leader.pid(), SIGUSR1)); });
  trace(sender);
  ASSERT_EQ(run_sender(sender), 0);

  Events events = wait(all_of({sent_by(sender.pid()), with_signal(SIGUSR1)}), 3);
  ASSERT_EQ(events.size(), 3u) << describe(log_.events());
  std::multiset<std::pair<uint32_t, std::string>> targets;
  for (const auto& e : events) {
    targets.emplace(e.target.tid, std::string(fixed_text(e.target.comm)));
    EXPECT_EQ(e.group, 1);
    EXPECT_EQ(e.code, kSiUser);
  }
  auto tid = [](const Child& child) { return static_cast<uint32_t>(child.pid()); };
  std::multiset<std::pair<uint32_t, std::string>> expected = {
      {tid(leader), "gm-pg-lead"}, {tid(second), "gm-pg-two"}, {tid(third), "gm-pg-three"}};
  EXPECT_EQ(targets, expected);
}

TEST_F(GenerateMode, SegmentationFaultIsSentByTheFaultingTask) {
  Child faulty = spawn_sender({.name = "gm-segv"}, fault_on_unmapped_page);
  trace(faulty);
  faulty.go();
  int status = faulty.wait();
  ASSERT_TRUE(WIFSIGNALED(status));
  ASSERT_EQ(WTERMSIG(status), SIGSEGV);

  Events events = wait(all_of({sent_by(faulty.pid()), with_signal(SIGSEGV)}));
  ASSERT_EQ(events.size(), 1u) << describe(log_.events());
  const sigtrace_event& e = events[0];
  expect_sent_by_child(e, faulty, "gm-segv");
  EXPECT_EQ(e.target.tid, static_cast<uint32_t>(faulty.pid()));
  EXPECT_EQ(fixed_text(e.target.comm), "gm-segv");
  EXPECT_EQ(e.code, kSegvMaperr);
  EXPECT_EQ(e.group, 0);
  EXPECT_EQ(e.result, kDelivered);
}

void on_sigchld(int) {}

// SIGCHLD caught, by a handler that does nothing, while this lives: the
// kernel then delivers it instead of dropping it as ignored by default.
class CatchingSigchld {
 public:
  CatchingSigchld() {
    struct sigaction handler {};
    handler.sa_handler = on_sigchld;
    sigemptyset(&handler.sa_mask);
    sigaction(SIGCHLD, &handler, &previous_);
  }
  CatchingSigchld(const CatchingSigchld&) = delete;
  CatchingSigchld& operator=(const CatchingSigchld&) = delete;
  ~CatchingSigchld() { sigaction(SIGCHLD, &previous_, nullptr); }

 private:
  struct sigaction previous_ {};
};

TEST_F(GenerateMode, ChildExitSendsSigchldToTheParent) {
  CatchingSigchld caught;
  Child child = spawn_sender({.name = "gm-exiting"}, [] { return 7; });
  trace(child);
  ASSERT_EQ(run_sender(child), 7);

  Events events = wait(all_of({sent_by(child.pid()), with_signal(SIGCHLD)}));
  ASSERT_EQ(events.size(), 1u) << describe(log_.events());
  const sigtrace_event& e = events[0];
  expect_sent_by_child(e, child, "gm-exiting", /*exiting=*/true);
  EXPECT_EQ(e.target.tid, static_cast<uint32_t>(gettid_now()));
  EXPECT_EQ(e.target.tgid, static_cast<uint32_t>(getpid()));
  EXPECT_EQ(fixed_text(e.target.comm), own_comm());
  EXPECT_EQ(e.code, kCldExited);
  EXPECT_EQ(e.group, 1);
  EXPECT_EQ(e.result, kDelivered);
}

// Its main thread gone first, a process ends with its last thread, which the
// kernel releases (taking its pid away) before it tells the parent: that
// SIGCHLD's sender is placed by its zombie main thread, in the host's pid
// namespace here (a new one: pid_namespace_test.cpp).
TEST_F(GenerateMode, SigchldOfAReleasedLastThreadNamesItsProcesssPidNamespace) {
  CatchingSigchld caught;
  Child child = spawn_sender({.name = "gm-lastthread"}, end_with_a_thread_outliving_main);
  trace(child);
  ASSERT_EQ(run_sender(child), 0);

  Events events = wait(all_of({sent_by(child.pid()), with_signal(SIGCHLD)}));
  ASSERT_EQ(events.size(), 1u) << describe(log_.events());
  const sigtrace_event& e = events[0];
  EXPECT_EQ(e.sender.tgid, static_cast<uint32_t>(child.pid()));
  EXPECT_NE(e.sender.tid, static_cast<uint32_t>(child.pid()));  // the last thread
  EXPECT_EQ(e.sender.mntns_id, 0u);
  EXPECT_EQ(e.sender.pidns_id, namespace_id(getpid(), "pid"));
  EXPECT_EQ(e.sender.pidns_level, 0u);
  EXPECT_EQ(e.target.tgid, static_cast<uint32_t>(getpid()));
  EXPECT_EQ(e.code, kCldExited);
}

}  // namespace
}  // namespace sigtrace::testing
