// Kill-only mode keeps one slot in `values` per thread that called, from
// its first call to its end (kill_calls.bpf.h): a slot is marked in flight
// only between a call's entry and exit, and goes when its thread exits or
// execs under another id. Each test traces its own sender only, so no other
// thread on the host takes a slot.
#include <gtest/gtest.h>
#include <pthread.h>
#include <signal.h>
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

bool slots_become(const Tracer& tracer, size_t count) {
  return wait_until([&] { return tracer.call_slots() == count; }, 2s);
}

class CallSlots : public ::testing::Test {
 protected:
  void trace(const Child& sender, KernelFilter filter = {}) {
    filter.pid = static_cast<uint32_t>(sender.pid());
    tracer_ = start_tracer(Mode::kKillOnly, filter);
    ASSERT_EQ(tracer_->target_resolution_problem(), "");
  }

  std::unique_ptr<Tracer> tracer_;
  EventLog log_;
};

TEST_F(CallSlots, AThreadKeepsOneSlotBetweenItsCallsUntilItExits) {
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
TEST_F(CallSlots, ACallFilteredOutAtEntryAfterATracedOneReportsNothing) {
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
TEST_F(CallSlots, AThreadThatExecsGivesUpTheSlotOfItsOldId) {
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

}  // namespace
}  // namespace sigtrace::testing
