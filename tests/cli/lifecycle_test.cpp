// How sigtrace ends: signals, a closed pipe, --timeout; and starting where
// tracefs is not mounted.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "child.h"
#include "json_lines.h"
#include "mounts.h"
#include "processes.h"
#include "subprocess.h"

namespace sigtrace::testing {
namespace {

int exit_code(int status) {
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

class StopSignal : public ::testing::TestWithParam<int> {};

// Events already read, or still in the kernel buffer, are all written.
TEST_P(StopSignal, WritesEveryEventThenExitsZero) {
  Child target = spawn_target({.name = "lc-target", .handled = {SIGUSR1}});
  Subprocess sigtrace =
      Subprocess::start({sigtrace_binary(), "-o", "json", "-T", std::to_string(target.pid())});
  ASSERT_TRUE(sigtrace.wait_for_stderr(kReady)) << sigtrace.err();
  Child sender = spawn_sender({.name = "lc-sender"}, [&] {
    for (int i = 0; i < 20; ++i)
      kill(target.pid(), SIGUSR1);
    return 0;
  });
  ASSERT_EQ(run_sender(sender), 0);
  sigtrace.send_signal(GetParam());
  int status = sigtrace.finish();
  EXPECT_EQ(exit_code(status), 0) << sigtrace.err();
  EXPECT_EQ(sigtrace.out_lines().size(), 20u) << sigtrace.out();
  EXPECT_NE(sigtrace.err().find("20 events, 0 lost"), std::string::npos) << sigtrace.err();
}

INSTANTIATE_TEST_SUITE_P(IntTermHup, StopSignal, ::testing::Values(SIGINT, SIGTERM, SIGHUP),
                         [](const auto& info) { return std::string(sigabbrev_np(info.param)); });

TEST(Lifecycle, ClosedPipeEndsQuietly) {
  Child target = spawn_target({.name = "lc-piped", .handled = {SIGUSR1}});
  Subprocess sigtrace =
      Subprocess::start({sigtrace_binary(), "-o", "json", "-T", std::to_string(target.pid())});
  ASSERT_TRUE(sigtrace.wait_for_stderr(kReady)) << sigtrace.err();
  kill(target.pid(), SIGUSR1);
  ASSERT_TRUE(sigtrace.wait_for_stdout_lines(1)) << sigtrace.err();
  sigtrace.close_stdout();  // like `sigtrace | head -1`
  // The next write finds no reader.
  for (int i = 0; i < 5; ++i)
    kill(target.pid(), SIGUSR1);
  int status = sigtrace.finish();
  EXPECT_EQ(exit_code(status), 0) << sigtrace.err();
}

// `sigtrace | head -1` with nothing more to trace: the closed pipe alone
// ends it (finish() would kill it after 20 s and the exit code be -1).
TEST(Lifecycle, ClosedPipeEndsItWithoutAnotherEvent) {
  Subprocess sigtrace = Subprocess::start({sigtrace_binary(), "-s", "SIGRTMAX", "-p", "1"});
  ASSERT_TRUE(sigtrace.wait_for_stderr(kReady)) << sigtrace.err();
  ASSERT_TRUE(sigtrace.wait_for_stdout_lines(1)) << sigtrace.err();  // the header
  sigtrace.close_stdout();
  EXPECT_EQ(exit_code(sigtrace.finish()), 0) << sigtrace.err();
}

// A reader that never reads (a stalled pager, a stuck pipeline) must not
// keep sigtrace from ending at --timeout; what it could not write is said.
TEST(Lifecycle, TimeoutEndsItWhileTheOutputIsNotRead) {
  int stalled[2];
  ASSERT_EQ(pipe(stalled), 0);
  Child target = spawn_target({.name = "lc-stalled", .ignored = {SIGUSR1}});
  Subprocess sigtrace =
      Subprocess::start({sigtrace_binary(), "--timeout", "1", "-T", std::to_string(target.pid())},
                        [&] { dup2(stalled[1], STDOUT_FILENO); });
  close(stalled[1]);
  ASSERT_TRUE(sigtrace.wait_for_stderr(kReady)) << sigtrace.err();
  // Far more than a pipe holds (64 KiB, about 100 bytes an event).
  Child sender = spawn_sender({.name = "lc-flood"}, [&] {
    for (int i = 0; i < 20000; ++i)
      kill(target.pid(), SIGUSR1);
    return 0;
  });
  ASSERT_EQ(run_sender(sender), 0);
  int status = sigtrace.finish();
  close(stalled[0]);
  EXPECT_EQ(exit_code(status), 0) << sigtrace.err();
  EXPECT_NE(sigtrace.err().find("were not written"), std::string::npos) << sigtrace.err();
}

TEST(Lifecycle, TimeoutExitsZeroWithASummary) {
  RunResult result = run({sigtrace_binary(), "--timeout", "0.3", "-s", "SIGRTMAX"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("events, 0 lost"), std::string::npos) << result.err;
}

// Before exec: a failure shows as tracefs still there, which the first
// test below checks.
void without_tracefs() {
  leave_tracefs_behind();
}

TEST(Lifecycle, PrivateNamespaceWithoutTracefsIsReallyWithoutIt) {
  RunResult mounts = run({"/bin/grep", "-c", "tracefs", "/proc/self/mounts"}, without_tracefs);
  EXPECT_EQ(mounts.out, "0\n");
}

class WithoutTracefs : public ::testing::TestWithParam<bool> {};

TEST_P(WithoutTracefs, StillTraces) {
  bool kill_only = GetParam();
  Child target = spawn_target({.name = "lc-notracefs", .handled = {SIGUSR1}});
  std::vector<std::string> argv = {sigtrace_binary(),           "-o", "json", "--count", "1", "-T",
                                   std::to_string(target.pid())};
  if (kill_only) argv.push_back("-k");
  Subprocess sigtrace = Subprocess::start(argv, without_tracefs);
  ASSERT_TRUE(sigtrace.wait_for_stderr(kReady)) << sigtrace.err();
  Child sender =
      spawn_sender({.name = "lc-sender"}, [&] { return errno_of(kill(target.pid(), SIGUSR1)); });
  ASSERT_EQ(run_sender(sender), 0);
  int status = sigtrace.finish();
  EXPECT_EQ(exit_code(status), 0) << sigtrace.err();
  ASSERT_EQ(sigtrace.out_lines().size(), 1u) << sigtrace.err();
  EXPECT_NE(sigtrace.out().find("\"lc-notracefs\""), std::string::npos) << sigtrace.out();
}

INSTANTIATE_TEST_SUITE_P(BothModes, WithoutTracefs, ::testing::Bool(),
                         [](const auto& info) { return info.param ? "KillOnly" : "Generate"; });

}  // namespace
}  // namespace sigtrace::testing

namespace sigtrace::testing {
namespace {

// What the summary says: "N events, M lost", and "K events were not
// written" when there are any.
struct Summary {
  unsigned long written = 0;
  unsigned long lost = 0;
  unsigned long unwritten = 0;
};

Summary summary_of(const std::string& err) {
  Summary summary;
  size_t at = err.find(" events, ");
  EXPECT_NE(at, std::string::npos) << err;
  if (at == std::string::npos) return summary;
  size_t start = err.rfind(' ', at - 1) + 1;
  EXPECT_EQ(
      std::sscanf(err.c_str() + start, "%lu events, %lu lost", &summary.written, &summary.lost), 2)
      << err;
  size_t unwritten = err.find(" events were not written");
  if (unwritten != std::string::npos) {
    size_t from = err.rfind(' ', unwritten - 1) + 1;
    summary.unwritten = std::stoul(err.substr(from, unwritten - from));
  }
  return summary;
}

// One way of ending a run, and what it adds to the command line.
struct Ending {
  const char* name;
  std::vector<std::string> args;
  int stop_signal;  // sent once the burst is over; 0: the run ends by itself
};

class EveryEnding : public ::testing::TestWithParam<Ending> {};

// sigtrace is stopped while a burst overflows a small buffer, then let go
// and ended: every event is written, counted as lost, or counted as not
// written, none vanishes without a word.
TEST_P(EveryEnding, AccountsForEveryEvent) {
  constexpr int kBurst = 20000;
  const Ending& ending = GetParam();
  Child target = spawn_target({.name = "lc-flooded", .handled = {SIGUSR1}});
  std::vector<std::string> argv = {
      sigtrace_binary(), "-o", "json", "--buffer-size", "1", "-T", std::to_string(target.pid())};
  argv.insert(argv.end(), ending.args.begin(), ending.args.end());
  Subprocess sigtrace = Subprocess::start(argv);
  ASSERT_TRUE(sigtrace.wait_for_stderr(kReady)) << sigtrace.err();
  sigtrace.send_signal(SIGSTOP);
  Child sender = spawn_sender({.name = "lc-flooder"}, [&] {
    for (int i = 0; i < kBurst; ++i)
      kill(target.pid(), SIGUSR1);
    return 0;
  });
  ASSERT_EQ(run_sender(sender), 0);
  sigtrace.send_signal(SIGCONT);
  if (ending.stop_signal) sigtrace.send_signal(ending.stop_signal);
  ASSERT_EQ(exit_code(sigtrace.finish()), 0) << sigtrace.err();

  Summary summary = summary_of(sigtrace.err());
  EXPECT_EQ(summary.written, sigtrace.out_lines().size()) << sigtrace.err();
  EXPECT_GT(summary.lost, 0u) << "a 1 MiB buffer cannot hold " << kBurst << " events";
  EXPECT_EQ(summary.written + summary.lost + summary.unwritten, static_cast<size_t>(kBurst))
      << sigtrace.err();
  EXPECT_NE(sigtrace.err().find("warning: "), std::string::npos) << sigtrace.err();
}

INSTANTIATE_TEST_SUITE_P(Lifecycle, EveryEnding,
                         ::testing::Values(Ending{"Int", {}, SIGINT}, Ending{"Term", {}, SIGTERM},
                                           Ending{"Hup", {}, SIGHUP},
                                           Ending{"Count", {"--count", "5000"}, 0},
                                           Ending{"Timeout", {"--timeout", "1"}, 0}),
                         [](const auto& info) { return std::string(info.param.name); });

// A reader that stalls, then goes away: what sigtrace had written into the
// pipe counts as written, what it could not write is said, and what the
// kernel could not hold is counted as lost.
TEST(Losses, StalledThenClosedReaderLeavesNothingUnaccounted) {
  constexpr int kBurst = 50000;
  Child target = spawn_target({.name = "lc-stalled", .ignored = {SIGUSR1}});
  // After the target's fork, and close-on-exec: nothing but this test may
  // hold the read end, or it never closes.
  int stalled[2];
  ASSERT_EQ(pipe2(stalled, O_CLOEXEC), 0);
  Subprocess sigtrace = Subprocess::start(
      {sigtrace_binary(), "-o", "json", "--buffer-size", "1", "-T", std::to_string(target.pid())},
      [&] { dup2(stalled[1], STDOUT_FILENO); });
  close(stalled[1]);
  ASSERT_TRUE(sigtrace.wait_for_stderr(kReady)) << sigtrace.err();
  Child sender = spawn_sender({.name = "lc-burst"}, [&] {
    for (int i = 0; i < kBurst; ++i)
      kill(target.pid(), SIGUSR1);
    return 0;
  });
  ASSERT_EQ(run_sender(sender), 0);
  close(stalled[0]);  // the stalled reader goes away; sigtrace ends on its own
  ASSERT_EQ(exit_code(sigtrace.finish()), 0) << sigtrace.err();

  Summary summary = summary_of(sigtrace.err());
  EXPECT_GT(summary.unwritten, 0u) << sigtrace.err();
  EXPECT_EQ(summary.written + summary.lost + summary.unwritten, static_cast<size_t>(kBurst))
      << sigtrace.err();
}

}  // namespace
}  // namespace sigtrace::testing
