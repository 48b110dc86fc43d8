// The follow stage of --fate on records built by hand: which delivery goes
// with which signal, what an exit decides, the table's bound, the order
// perf buffers' records are put back in. The real kernel's side is in
// tests/cli/fate_test.cpp.
#include <gtest/gtest.h>
#include <signal.h>

#include <cstring>
#include <string>
#include <vector>

#include "fate/fate_rules.h"
#include "fate/fate_tracker.h"
#include "model/records.h"

namespace sigtrace {
namespace {

constexpr int kDelivered = 0;
constexpr int kIgnoredResult = 1;
constexpr int kAlreadyPending = 2;
constexpr uint8_t kRead = SIGTRACE_FATE_FACTS_READ;

template <typename Record>
std::span<const std::byte> bytes_of(const Record& record) {
  return std::as_bytes(std::span(&record, 1));
}

// What reaches the pipeline: each story's signal and fates, in order.
struct Told {
  int sig;
  uint32_t tpid;
  std::vector<FateKind> kinds;
  std::vector<uint64_t> fate_ns;
  std::vector<std::optional<ProcessExit>> exits;
};

class Collected final : public StorySink {
 public:
  void on_story(std::span<const std::byte> record, const Fate* fate) override {
    const sigtrace_event* event = signal_record(record);
    ASSERT_NE(event, nullptr);
    ASSERT_NE(fate, nullptr);
    Told told{event->sig, event->target.tgid, {}, {}, {}};
    for (const TargetFate& target : fate->targets) {
      told.kinds.push_back(target.kind);
      told.fate_ns.push_back(target.fate_ns);
      told.exits.push_back(target.exit);
    }
    stories.push_back(told);
  }
  std::vector<Told> stories;
};

sigtrace_event generated(uint64_t ns, int sig, uint32_t tgid, uint32_t tid, bool group,
                         int result = kDelivered, uint8_t facts = kRead) {
  sigtrace_event e{};
  e.header.timestamp_ns = ns;
  e.header.kind = SIGTRACE_RECORD_SIGNAL;
  e.source = SIGTRACE_SOURCE_GENERATE;
  e.sig = sig;
  e.target.tgid = tgid;
  e.target.tid = tid;
  e.group = group;
  e.result = result;
  e.fate_facts = facts;
  e.ntargets = 1;
  return e;
}

sigtrace_delivery delivery(uint64_t ns, int sig, uint32_t tgid, uint32_t tid, uint8_t action) {
  sigtrace_delivery d{};
  d.header.timestamp_ns = ns;
  d.header.kind = SIGTRACE_RECORD_DELIVERY;
  d.sig = sig;
  d.tgid = tgid;
  d.tid = tid;
  d.action = action;
  return d;
}

sigtrace_exit exit_of_task(uint64_t ns, uint32_t tgid, uint32_t tid, int code, bool last) {
  sigtrace_exit x{};
  x.header.timestamp_ns = ns;
  x.header.kind = SIGTRACE_RECORD_EXIT;
  x.tgid = tgid;
  x.tid = tid;
  x.exit_code = code;
  x.group_dead = last;
  return x;
}

TEST(FateRules, AtGeneration) {
  EXPECT_EQ(at_generation(kAlreadyPending, kRead, true), Verdict::decided(FateKind::kMerged));
  EXPECT_EQ(at_generation(3, kRead, true), Verdict::decided(FateKind::kDropped));
  EXPECT_EQ(at_generation(kIgnoredResult, kRead, true), Verdict::decided(FateKind::kIgnored));
  // Refused by a process already dying.
  EXPECT_EQ(at_generation(kIgnoredResult, kRead | SIGTRACE_FATE_GROUP_EXIT, true),
            Verdict::decided(FateKind::kDiscarded));
  // The tracepoint's "ignored" for a SIGCONT that resumed a stop.
  EXPECT_EQ(at_generation(kIgnoredResult, kRead | SIGTRACE_FATE_CONTINUED, true),
            Verdict::decided(FateKind::kContinued));
  EXPECT_EQ(
      at_generation(kDelivered, kRead | SIGTRACE_FATE_GROUP_EXIT | SIGTRACE_FATE_EXIT_BY_SIG, true),
      Verdict::awaiting_exit());
  EXPECT_EQ(at_generation(kDelivered, kRead, true), Verdict::awaiting_delivery());
  // To a thread past its exit: never dequeued; to its process: another
  // thread may take it.
  EXPECT_EQ(at_generation(kDelivered, kRead | SIGTRACE_FATE_TARGET_EXITING, false),
            Verdict::decided(FateKind::kDiscarded));
  EXPECT_EQ(at_generation(kDelivered, kRead | SIGTRACE_FATE_TARGET_EXITING, true),
            Verdict::awaiting_delivery());
}

TEST(FateRules, AtDelivery) {
  EXPECT_EQ(at_delivery(SIGUSR1, SIGTRACE_ACTION_HANDLER, false),
            Verdict::decided(FateKind::kHandled));
  EXPECT_EQ(at_delivery(SIGUSR1, SIGTRACE_ACTION_WAITED, false),
            Verdict::decided(FateKind::kHandled));
  EXPECT_EQ(at_delivery(SIGUSR1, SIGTRACE_ACTION_IGNORE, false),
            Verdict::decided(FateKind::kIgnored));
  EXPECT_EQ(at_delivery(SIGWINCH, SIGTRACE_ACTION_DEFAULT, false),
            Verdict::decided(FateKind::kIgnored));
  EXPECT_EQ(at_delivery(SIGTSTP, SIGTRACE_ACTION_DEFAULT, false),
            Verdict::decided(FateKind::kStopped));
  EXPECT_EQ(at_delivery(SIGTERM, SIGTRACE_ACTION_DEFAULT, true),
            Verdict::decided(FateKind::kIgnored));  // an init's default
  EXPECT_EQ(at_delivery(SIGTERM, SIGTRACE_ACTION_DEFAULT, false), Verdict::awaiting_exit());
}

TEST(FateRules, AtDeath) {
  EXPECT_EQ(at_death(SIGQUIT, SIGQUIT | 0x80), FateKind::kCoreDumped);
  EXPECT_EQ(at_death(SIGTERM, SIGTERM), FateKind::kTerminated);
  EXPECT_EQ(at_death(SIGTERM, SIGKILL), FateKind::kDiscarded);  // the other one won
  ProcessExit exit = exit_of(SIGSEGV | 0x80);
  EXPECT_EQ(exit.signal, SIGSEGV);
  EXPECT_TRUE(exit.core_dumped);
}

TEST(FateTracker, DecidedAtGenerationGoesOnAtOnce) {
  Collected out;
  FateTracker tracker(out, {});
  auto e = generated(100, SIGUSR1, 10, 10, true, kAlreadyPending);
  tracker.on_record(bytes_of(e));
  ASSERT_EQ(out.stories.size(), 1u);
  EXPECT_EQ(out.stories[0].kinds, std::vector<FateKind>{FateKind::kMerged});
  EXPECT_EQ(tracker.open(), 0u);
}

// The kernel takes a thread's own signals before its process's.
TEST(FateTracker, AThreadsOwnSignalIsDeliveredFirst) {
  Collected out;
  FateTracker tracker(out, {});
  auto to_process = generated(100, SIGUSR1, 10, 10, true);
  auto to_thread = generated(200, SIGUSR1, 10, 11, false);
  tracker.on_record(bytes_of(to_process));
  tracker.on_record(bytes_of(to_thread));
  auto first = delivery(300, SIGUSR1, 10, 11, SIGTRACE_ACTION_HANDLER);
  tracker.on_record(bytes_of(first));
  ASSERT_EQ(out.stories.size(), 1u);
  EXPECT_EQ(out.stories[0].kinds, std::vector<FateKind>{FateKind::kHandled});
  EXPECT_EQ(out.stories[0].fate_ns, std::vector<uint64_t>{100});  // the thread's: 300 - 200
  auto second = delivery(400, SIGUSR1, 10, 11, SIGTRACE_ACTION_IGNORE);
  tracker.on_record(bytes_of(second));
  ASSERT_EQ(out.stories.size(), 2u);
  EXPECT_EQ(out.stories[1].kinds, std::vector<FateKind>{FateKind::kIgnored});
  EXPECT_EQ(out.stories[1].fate_ns, std::vector<uint64_t>{300});
}

// A fatal default: the process's end says which signal ended it.
TEST(FateTracker, FatalDeliveryWaitsForTheLastThread) {
  Collected out;
  FateTracker tracker(out, {});
  auto term = generated(100, SIGTERM, 10, 10, true);
  auto usr = generated(110, SIGUSR2, 10, 11, false);
  tracker.on_record(bytes_of(term));
  tracker.on_record(bytes_of(usr));
  auto dies = delivery(200, SIGTERM, 10, 10, SIGTRACE_ACTION_DEFAULT);
  tracker.on_record(bytes_of(dies));
  EXPECT_TRUE(out.stories.empty());
  auto thread_gone = exit_of_task(300, 10, 11, SIGTERM, false);
  tracker.on_record(bytes_of(thread_gone));
  ASSERT_EQ(out.stories.size(), 1u);  // the thread's own signal died with it
  EXPECT_EQ(out.stories[0].sig, SIGUSR2);
  EXPECT_EQ(out.stories[0].kinds, std::vector<FateKind>{FateKind::kDiscarded});
  auto process_gone = exit_of_task(400, 10, 10, SIGTERM, true);
  tracker.on_record(bytes_of(process_gone));
  ASSERT_EQ(out.stories.size(), 2u);
  EXPECT_EQ(out.stories[1].kinds, std::vector<FateKind>{FateKind::kTerminated});
  ASSERT_TRUE(out.stories[1].exits[0]);
  EXPECT_EQ(out.stories[1].exits[0]->signal, SIGTERM);
  EXPECT_EQ(out.stories[1].fate_ns, std::vector<uint64_t>{300});
}

// -k: the call's signals come before it, named by the call's sequence.
TEST(FateTracker, ACallGathersItsSignals) {
  Collected out;
  FateTracker tracker(out, {});
  auto gen = [](uint32_t call_seq, uint32_t tgid) {
    sigtrace_generated g{};
    g.header.timestamp_ns = 50;
    g.header.kind = SIGTRACE_RECORD_GENERATED;
    g.caller_tid = 7;
    g.call_seq = call_seq;
    g.tid = tgid;
    g.tgid = tgid;
    g.sig = SIGTERM;
    g.group = 1;
    g.fate_facts = kRead | SIGTRACE_FATE_GROUP_EXIT | SIGTRACE_FATE_EXIT_BY_SIG;
    return g;
  };
  auto stale = gen(1, 20);  // a call that was filtered out at its exit
  auto a = gen(2, 21);
  auto b = gen(2, 22);
  for (const auto* g : {&stale, &a, &b})
    tracker.on_record(bytes_of(*g));
  sigtrace_event call{};
  call.header.timestamp_ns = 60;
  call.header.kind = SIGTRACE_RECORD_SIGNAL;
  call.source = SIGTRACE_SOURCE_KILL;
  call.sig = SIGTERM;
  call.sender.tid = 7;
  call.call_seq = 2;
  tracker.on_record(bytes_of(call));
  EXPECT_EQ(tracker.open(), 2u);
  for (uint32_t pid : {21u, 22u}) {
    auto gone = exit_of_task(100, pid, pid, SIGTERM, true);
    tracker.on_record(bytes_of(gone));
  }
  ASSERT_EQ(out.stories.size(), 1u);
  EXPECT_EQ(out.stories[0].kinds,
            (std::vector<FateKind>{FateKind::kTerminated, FateKind::kTerminated}));
  Fate fate;
  fate.targets.resize(2);
  fate.targets[0].kind = fate.targets[1].kind = FateKind::kTerminated;
  std::string summary;
  append_fate_summary(summary, fate);
  EXPECT_EQ(summary, "terminated×2");
}

// A target may die of the signal before the call that sent it returns: its
// exit comes before the call's own event.
TEST(FateTracker, ACallsTargetMayDieBeforeTheCallReturns) {
  Collected out;
  FateTracker tracker(out, {});
  sigtrace_generated g{};
  g.header.timestamp_ns = 50;
  g.header.kind = SIGTRACE_RECORD_GENERATED;
  g.caller_tid = 7;
  g.call_seq = 3;
  g.tid = g.tgid = 30;
  g.sig = SIGKILL;
  g.group = 1;
  g.fate_facts = kRead | SIGTRACE_FATE_GROUP_EXIT | SIGTRACE_FATE_EXIT_BY_SIG;
  tracker.on_record(bytes_of(g));
  auto gone = exit_of_task(55, 30, 30, SIGKILL, true);
  tracker.on_record(bytes_of(gone));
  EXPECT_TRUE(out.stories.empty());  // the call has not returned yet
  sigtrace_event call{};
  call.header.timestamp_ns = 60;
  call.header.kind = SIGTRACE_RECORD_SIGNAL;
  call.source = SIGTRACE_SOURCE_KILL;
  call.sig = SIGKILL;
  call.sender.tid = 7;
  call.call_seq = 3;
  tracker.on_record(bytes_of(call));
  ASSERT_EQ(out.stories.size(), 1u);
  EXPECT_EQ(out.stories[0].kinds, std::vector<FateKind>{FateKind::kTerminated});
  EXPECT_EQ(tracker.open(), 0u);
}

// A SIGCONT drops the pending SIGSTOP that no one dequeued: it is over.
TEST(FateTracker, AFlushDiscardsWhatItThrewAway) {
  Collected out;
  FateTracker tracker(out, {});
  auto stop = generated(100, SIGSTOP, 10, 10, true);
  auto usr = generated(110, SIGUSR1, 10, 10, true);
  tracker.on_record(bytes_of(stop));
  tracker.on_record(bytes_of(usr));
  sigtrace_flush flush{};
  flush.header.timestamp_ns = 150;
  flush.header.kind = SIGTRACE_RECORD_FLUSH;
  flush.tgid = 10;
  flush.signals = (1ULL << SIGSTOP) | (1ULL << SIGTSTP);
  tracker.on_record(bytes_of(flush));
  ASSERT_EQ(out.stories.size(), 1u);
  EXPECT_EQ(out.stories[0].sig, SIGSTOP);
  EXPECT_EQ(out.stories[0].kinds, std::vector<FateKind>{FateKind::kDiscarded});
  EXPECT_EQ(tracker.open(), 1u);  // SIGUSR1 still waits
}

TEST(FateTracker, PastTheBoundSignalsAreUnfollowed) {
  Collected out;
  FateTracker tracker(out, {.max_open = 1});
  auto first = generated(100, SIGUSR1, 10, 10, true);
  auto second = generated(200, SIGUSR2, 10, 10, true);
  tracker.on_record(bytes_of(first));
  tracker.on_record(bytes_of(second));
  ASSERT_EQ(out.stories.size(), 1u);
  EXPECT_EQ(out.stories[0].kinds, std::vector<FateKind>{FateKind::kUnfollowed});
  EXPECT_EQ(tracker.unfollowed(), 1u);
  tracker.finish(1000);
  ASSERT_EQ(out.stories.size(), 2u);
  EXPECT_EQ(out.stories[1].kinds, std::vector<FateKind>{FateKind::kPending});
  EXPECT_EQ(out.stories[1].fate_ns, std::vector<uint64_t>{900});
}

// Perf buffers: a delivery read before its signal (another CPU's buffer)
// still finds it, once both are in the window.
TEST(FateTracker, PerfBufferRecordsArePutBackInOrder) {
  Collected out;
  FateTracker tracker(out, {.reorder_ns = 50});
  auto early = generated(100, SIGUSR1, 10, 10, true);
  auto late = delivery(120, SIGUSR1, 10, 10, SIGTRACE_ACTION_HANDLER);
  tracker.on_record(bytes_of(late));
  tracker.on_record(bytes_of(early));
  tracker.advance(140);
  EXPECT_TRUE(out.stories.empty());  // still inside the window
  tracker.advance(200);
  ASSERT_EQ(out.stories.size(), 1u);
  EXPECT_EQ(out.stories[0].kinds, std::vector<FateKind>{FateKind::kHandled});
}

}  // namespace
}  // namespace sigtrace
