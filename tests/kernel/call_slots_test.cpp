// Kill-only mode's slots in `values` (kill_calls.bpf.h). Hashed, the seed's
// way: one slot per thread that called, from its first call to its end, marked
// in flight only between a call's entry and exit, gone when its thread exits
// or execs under another id. By tid, where pid_max allows: an array with a
// slot for every tid, the same calls traced alike. Each test traces its own
// sender only, so no other thread on the host takes a slot.
#include <gtest/gtest.h>
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <chrono>

#include "child.h"
#include "common/fixed_text.h"
#include "event_log.h"
#include "model/signal_set.h"
#include "processes.h"
#include "tracing.h"

namespace sigtrace::testing {
namespace {

using namespace std::chrono_literals;

// A pipe whose reader blocks until the other end writes.
struct Pipe {
  Pipe() { EXPECT_EQ(::pipe(fds), 0); }
  ~Pipe() {
    for (int fd : fds)
      if (fd >= 0) ::close(fd);
  }
  bool wait_for_byte() const {
    char byte;
    return ::read(fds[0], &byte, 1) == 1;
  }
  bool write_byte() const { return ::write(fds[1], "x", 1) == 1; }
  int fds[2] = {-1, -1};
};

TracerOptions kill_only_options(KernelFilter filter, CallSlots slots) {
  TracerOptions options;
  options.mode = Mode::kKillOnly;
  options.filter = std::move(filter);
  options.call_slots = slots;
  return options;
}

bool slots_become(const Tracer& tracer, size_t count) {
  return wait_until([&] { return tracer.call_slots() == count; }, 2s);
}

class HashedCallSlots : public ::testing::Test {
 protected:
  void trace(const Child& sender, KernelFilter filter = {}) {
    filter.pid = static_cast<uint32_t>(sender.pid());
    tracer_ = start_tracer(kill_only_options(filter, CallSlots::kHashed));
    ASSERT_EQ(tracer_->target_resolution_problem(), "");
    ASSERT_FALSE(tracer_->call_slot_layout().by_tid);
  }

  std::unique_ptr<Tracer> tracer_;
  EventLog log_;
};

TEST_F(HashedCallSlots, AThreadKeepsOneSlotBetweenItsCallsUntilItExits) {
  Child target = spawn_target({.name = "cs-target", .handled = {SIGUSR1, SIGUSR2}});
  Pipe called, hold;
  Child sender = spawn_sender({.name = "cs-sender"}, [&] {
    int failed = errno_of(kill(target.pid(), SIGUSR1)) + errno_of(kill(target.pid(), SIGUSR2));
    return called.write_byte() && hold.wait_for_byte() ? failed : -1;
  });
  trace(sender);
  EXPECT_EQ(tracer_->call_slots(), 0u);
  sender.go();
  ASSERT_TRUE(called.wait_for_byte());
  Events events = wait_for(*tracer_, log_, sent_by(sender.pid()), 2);
  ASSERT_EQ(events.size(), 2u) << describe(log_.events());
  // The second call reused the slot and reported its own arguments.
  EXPECT_EQ(events[0].sig, SIGUSR1);
  EXPECT_EQ(events[1].sig, SIGUSR2);
  for (const sigtrace_event& e : events) {
    EXPECT_EQ(e.pid_arg, target.pid());
    EXPECT_EQ(e.ntargets, 1u);
    EXPECT_EQ(e.target.tid, static_cast<uint32_t>(target.pid()));
    EXPECT_EQ(fixed_text(e.target.comm), "cs-target");
  }
  EXPECT_EQ(tracer_->call_slots(), 1u);
  ASSERT_TRUE(hold.write_byte());
  EXPECT_EQ(sender.wait(), 0);
  EXPECT_TRUE(slots_become(*tracer_, 0)) << tracer_->call_slots() << " slots left";
}

// Without the in-flight mark, the exit of a call the entry filtered out
// would find the slot of the call before and report that call again.
TEST_F(HashedCallSlots, ACallFilteredOutAtEntryAfterATracedOneReportsNothing) {
  Child first = spawn_target({.name = "cs-first", .handled = {SIGUSR1, SIGUSR2}});
  Child last = spawn_target({.name = "cs-last", .handled = {SIGUSR1}});
  Child sender = spawn_sender({.name = "cs-filtered"}, [&] {
    return errno_of(kill(first.pid(), SIGUSR1)) + errno_of(kill(first.pid(), SIGUSR2)) +
           errno_of(kill(last.pid(), SIGUSR1));
  });
  KernelFilter filter;
  filter.signals = parse_signal_list("USR1");
  trace(sender, filter);
  ASSERT_EQ(run_sender(sender), 0);
  // Events arrive in the order of the calls: once the last call's is in,
  // a stray one for the filtered call would be in too.
  Events last_call = wait_for(*tracer_, log_, [&](const sigtrace_event& e) {
    return e.sender.tgid == static_cast<uint32_t>(sender.pid()) && e.pid_arg == last.pid();
  });
  ASSERT_EQ(last_call.size(), 1u) << describe(log_.events());
  Events all = log_.matching(sent_by(sender.pid()));
  ASSERT_EQ(all.size(), 2u) << describe(log_.events());
  EXPECT_EQ(all[0].pid_arg, first.pid());
  EXPECT_EQ(all[0].sig, SIGUSR1);
  EXPECT_EQ(fixed_text(all[0].target.comm), "cs-first");
  EXPECT_EQ(all[1].sig, SIGUSR1);
  EXPECT_EQ(fixed_text(all[1].target.comm), "cs-last");
}

// A second thread that calls, then execs: it takes the process's id (the
// main thread leaves first) and never exits by its own.
TEST_F(HashedCallSlots, AThreadThatExecsGivesUpTheSlotOfItsOldId) {
  Child target = spawn_target({.name = "cs-exectarget", .handled = {SIGUSR1}});
  Child sender = spawn_sender({.name = "cs-execer"}, [&]() -> int {
    pthread_t thread;
    auto body = [](void* arg) -> void* {
      auto* target_pid = static_cast<pid_t*>(arg);
      kill(*target_pid, SIGUSR1);
      execl("/bin/sleep", "sleep", "30", static_cast<char*>(nullptr));
      return nullptr;
    };
    pid_t target_pid = target.pid();
    pthread_create(&thread, nullptr, body, &target_pid);
    pause_forever();
  });
  trace(sender);
  sender.go();
  Events events = wait_for(*tracer_, log_, sent_by(sender.pid()));
  ASSERT_EQ(events.size(), 1u) << describe(log_.events());
  EXPECT_NE(events[0].sender.tid, static_cast<uint32_t>(sender.pid()));
  ASSERT_TRUE(wait_until([&] { return comm_of(sender.pid()) == "sleep"; }, 2s));
  EXPECT_TRUE(slots_become(*tracer_, 0)) << tracer_->call_slots() << " slots left";
}

// Beyond the bound an array of slots would hold too much kernel memory.
TEST(CallSlotLayouts, AutoTakesSlotsByTidWherePidMaxIsSmallOnly) {
  Child sender = spawn_sender({.name = "cs-layout"}, [] { return 0; });
  for (uint64_t pid_max : {uint64_t{32768}, kMaxPidMaxForSlotsByTid, uint64_t{4194304}}) {
    TracerOptions options = kill_only_options(only_sender(sender.pid()), CallSlots::kAuto);
    options.pid_max = pid_max;
    auto tracer = start_tracer(options);
    CallSlotLayout layout = tracer->call_slot_layout();
    EXPECT_EQ(layout.by_tid, pid_max <= kMaxPidMaxForSlotsByTid) << pid_max;
    if (layout.by_tid) {
      EXPECT_EQ(layout.entries, pid_max);
      EXPECT_EQ(layout.default_size(), pid_max == SIGTRACE_DEFAULT_TID_SLOTS) << pid_max;
      EXPECT_EQ(tracer->call_slots(), pid_max);
    }
  }
  EXPECT_EQ(run_sender(sender), 0);
}

// A tid beyond the array (pid_max raised while tracing): its calls are not
// followed, and said to be lost.
TEST(CallSlotLayouts, ACallerBeyondTheSlotsIsCountedAsLost) {
  Child target = spawn_target({.name = "cs-far-target", .handled = {SIGUSR1}});
  Child sender = spawn_sender({.name = "cs-far"}, [&] {
    return errno_of(kill(target.pid(), SIGUSR1)) + errno_of(kill(target.pid(), SIGUSR1)) +
           errno_of(kill(target.pid(), 0));
  });
  TracerOptions options = kill_only_options(only_sender(sender.pid()), CallSlots::kByTid);
  options.pid_max = 2;  // every tid but init's and kthreadd's is beyond
  auto tracer = start_tracer(options);
  ASSERT_EQ(tracer->call_slot_layout().entries, 2u);
  ASSERT_EQ(run_sender(sender), 0);
  EXPECT_TRUE(wait_until([&] { return tracer->losses().calls == 3; }, 2s))
      << tracer->losses().calls << " calls counted as lost";
  EventLog log;
  tracer->detach();
  tracer->drain(log);
  EXPECT_TRUE(log.matching(sent_by(sender.pid())).empty()) << describe(log.events());
}

int pidfd_of(pid_t pid) {
  return static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
}

// The host's own layout, slots by tid of a size other than the default
// (kill_only then reaches them through its outer map of any size, whose
// Lookups the verifier does not inline), and the seed's hash.
enum class Layout { kHostSlots, kSlotsOfAnySize, kHashed };

TracerOptions layout_options(Layout layout, KernelFilter filter) {
  TracerOptions options = kill_only_options(
      std::move(filter), layout == Layout::kHashed ? CallSlots::kHashed : CallSlots::kByTid);
  if (layout == Layout::kSlotsOfAnySize) {
    // Never below the host's: every tid keeps a slot.
    uint64_t pid_max = host_pid_max().value_or(SIGTRACE_DEFAULT_TID_SLOTS) + 1;
    if (pid_max == SIGTRACE_DEFAULT_TID_SLOTS) ++pid_max;
    options.pid_max = pid_max;
  }
  return options;
}

class EachLayout : public ::testing::TestWithParam<Layout> {};

// The six syscalls, a probe and a failure: the same events either way.
TEST_P(EachLayout, TracesEverySignalSyscallAlike) {
  Child target = spawn_target({.name = "cs-all-target", .handled = {SIGUSR1, SIGUSR2}});
  constexpr pid_t kNoSuchPid = 4194305;  // beyond any pid_max
  Child sender = spawn_sender({.name = "cs-all"}, [&] {
    pid_t t = target.pid();
    int pidfd = pidfd_of(t);
    int failed = errno_of(kill(t, SIGUSR1)) + errno_of(syscall(SYS_tkill, t, SIGUSR2)) +
                 errno_of(syscall(SYS_tgkill, t, t, SIGUSR1)) +
                 errno_of(sigqueue(t, SIGUSR2, sigval{.sival_int = 3})) +
                 errno_of(syscall(SYS_pidfd_send_signal, pidfd, SIGUSR1, nullptr, 0)) +
                 errno_of(kill(t, 0));
    ::close(pidfd);
    return failed + (errno_of(kill(kNoSuchPid, SIGUSR2)) == ESRCH ? 0 : 1);
  });
  auto tracer = start_tracer(layout_options(GetParam(), only_sender(sender.pid())));
  ASSERT_EQ(tracer->target_resolution_problem(), "");
  CallSlotLayout layout = tracer->call_slot_layout();
  EXPECT_EQ(layout.by_tid, GetParam() != Layout::kHashed);
  if (GetParam() == Layout::kSlotsOfAnySize) {
    EXPECT_FALSE(layout.default_size());
  }
  ASSERT_EQ(run_sender(sender), 0);
  EventLog log;
  Events events = wait_for(*tracer, log, sent_by(sender.pid()), 7);
  ASSERT_EQ(events.size(), 7u) << describe(log.events());
  const long syscalls[] = {
      SYS_kill, SYS_tkill, SYS_tgkill, SYS_rt_sigqueueinfo, SYS_pidfd_send_signal,
      SYS_kill, SYS_kill};
  const int signals[] = {SIGUSR1, SIGUSR2, SIGUSR1, SIGUSR2, SIGUSR1, 0, SIGUSR2};
  for (size_t i = 0; i < events.size(); ++i) {
    const sigtrace_event& e = events[i];
    EXPECT_EQ(e.syscall_nr, syscalls[i]) << i << ": " << describe(e);
    EXPECT_EQ(e.sig, signals[i]) << i;
    EXPECT_EQ(e.sender.tid, static_cast<uint32_t>(sender.pid())) << i;
    bool reached = i < 5;
    EXPECT_EQ(e.error, i == 6 ? ESRCH : 0) << i;
    EXPECT_EQ(e.ntargets, reached ? 1u : 0u) << i;
    if (reached) {
      EXPECT_EQ(e.target.tid, static_cast<uint32_t>(target.pid())) << i;
      EXPECT_EQ(fixed_text(e.target.comm), "cs-all-target") << i;
    }
  }
  EXPECT_EQ(events[6].pid_arg, kNoSuchPid);
}

INSTANTIATE_TEST_SUITE_P(CallSlotLayouts, EachLayout,
                         ::testing::Values(Layout::kHostSlots, Layout::kSlotsOfAnySize,
                                           Layout::kHashed),
                         [](const ::testing::TestParamInfo<Layout>& info) {
                           switch (info.param) {
                             case Layout::kHostSlots: return "ByTid";
                             case Layout::kSlotsOfAnySize: return "ByTidOfAnySize";
                             default: return "Hashed";
                           }
                         });

}  // namespace
}  // namespace sigtrace::testing
