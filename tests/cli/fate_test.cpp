// --fate and --deaths: real processes, one per fate, with both transports.
// Each run follows the test's own target (-T); it is stopped once the
// target's story is over (it has exited, or its signals are in), so that
// every fate the kernel has to tell has been told.
#include <gtest/gtest.h>
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "child.h"
#include "json_lines.h"
#include "processes.h"
#include "subprocess.h"

namespace sigtrace::testing {
namespace {

using nlohmann::json;

class Fate : public ::testing::TestWithParam<const char*> {
 protected:
  // sigtrace --fate -o json ARGS, with this run's transport, ready.
  Subprocess start(std::vector<std::string> args) {
    args.insert(args.begin(), {sigtrace_binary(), "--fate", "-o", "json"});
    if (std::string(GetParam()) == "perf") args.push_back("--perf-buffer");
    Subprocess sigtrace = Subprocess::start(args);
    EXPECT_TRUE(sigtrace.wait_for_stderr(kReady)) << sigtrace.err();
    return sigtrace;
  }

  Subprocess follow(pid_t target, std::vector<std::string> more = {}) {
    std::vector<std::string> args = {"-T", std::to_string(target)};
    args.insert(args.end(), more.begin(), more.end());
    return start(args);
  }

  // Stops it (the stories still open end as pending) and parses its lines.
  static std::vector<json> stop(Subprocess& sigtrace) {
    sigtrace.send_signal(SIGINT);
    EXPECT_EQ(sigtrace.finish(), 0) << sigtrace.err();
    return parse_lines(sigtrace);
  }

  // The lines for this signal, in the order they were printed.
  static std::vector<json> with_sig(const std::vector<json>& events, const std::string& sig) {
    std::vector<json> found;
    for (const json& e : events) {
      if (e["sig"] == sig) found.push_back(e);
    }
    return found;
  }

  // The one line for this signal.
  static json only(const std::vector<json>& events, const std::string& sig,
                   const Subprocess& sigtrace) {
    auto found = with_sig(events, sig);
    EXPECT_EQ(found.size(), 1u) << sig << " in:\n" << sigtrace.out() << sigtrace.err();
    return found.empty() ? json::object() : found[0];
  }
};

void expect_death(const json& e, const char* fate, const char* signal) {
  EXPECT_EQ(e["fate"], fate) << e;
  ASSERT_TRUE(e.contains("exit")) << e;
  EXPECT_EQ(e["exit"]["signal"], signal);
  EXPECT_EQ(e["exit"]["core_dumped"], std::string(fate) == "core_dumped");
  EXPECT_EQ(e["exit"]["whole_process"], true);
  EXPECT_GT(e["fate_ns"].get<uint64_t>(), 0u);
}

TEST_P(Fate, AHandlerHandlesIt) {
  Child target = spawn_target({.name = "fate-handler", .handled = {SIGUSR1}});
  Subprocess sigtrace = follow(target.pid());
  kill(target.pid(), SIGUSR1);
  usleep(100000);  // it runs its handler
  json e = only(stop(sigtrace), "SIGUSR1", sigtrace);
  EXPECT_EQ(e["fate"], "handled") << e;
  EXPECT_FALSE(e.contains("exit"));
}

TEST_P(Fate, SigIgnIsIgnored) {
  Child target = spawn_target({.name = "fate-sigign", .ignored = {SIGUSR2}});
  Subprocess sigtrace = follow(target.pid());
  kill(target.pid(), SIGUSR2);
  json e = only(stop(sigtrace), "SIGUSR2", sigtrace);
  EXPECT_EQ(e["fate"], "ignored") << e;
  EXPECT_EQ(e["fate_ns"], 0);  // decided when it was generated
}

// A real program: the kernel's default action ends it.
TEST_P(Fate, TermAndKillTerminateSleep) {
  for (int sig : {SIGTERM, SIGKILL}) {
    Subprocess sleeping = Subprocess::start({"/bin/sleep", "60"});
    usleep(100000);  // it has exec'd
    Subprocess sigtrace = follow(sleeping.pid());
    kill(sleeping.pid(), sig);
    int status = sleeping.finish();
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == sig) << status;
    std::string name = sig == SIGTERM ? "SIGTERM" : "SIGKILL";
    json e = only(stop(sigtrace), name, sigtrace);
    expect_death(e, "terminated", name.c_str());
    EXPECT_EQ(e["tcomm"], "sleep");
  }
}

TEST_P(Fate, StopThenContinue) {
  Child target = spawn_target({.name = "fate-stopped"});
  Subprocess sigtrace = follow(target.pid());
  kill(target.pid(), SIGSTOP);
  siginfo_t info{};
  ASSERT_EQ(waitid(P_PID, static_cast<id_t>(target.pid()), &info, WSTOPPED | WNOWAIT), 0);
  kill(target.pid(), SIGCONT);
  ASSERT_EQ(waitid(P_PID, static_cast<id_t>(target.pid()), &info, WCONTINUED | WNOWAIT), 0);
  auto events = stop(sigtrace);
  EXPECT_EQ(only(events, "SIGSTOP", sigtrace)["fate"], "stopped");
  EXPECT_EQ(only(events, "SIGCONT", sigtrace)["fate"], "continued");
}

// Blocked all along: the second is merged into the first, which the exit
// then discards.
TEST_P(Fate, BlockedTwiceThenExitIsMergedAndDiscarded) {
  Child target = Child::spawn(
      [](Child& self) {
        set_comm("fate-blocked");
        sigset_t mask;
        sigemptyset(&mask);
        sigaddset(&mask, SIGUSR1);
        sigprocmask(SIG_BLOCK, &mask, nullptr);
        self.send(0);
        self.wait_for_go();
        return 0;
      },
      false);
  target.receive();
  Subprocess sigtrace = follow(target.pid());
  kill(target.pid(), SIGUSR1);
  kill(target.pid(), SIGUSR1);
  target.go();
  int status = target.wait();
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  auto events = with_sig(stop(sigtrace), "SIGUSR1");
  ASSERT_EQ(events.size(), 2u) << sigtrace.out();
  // Printed as each story ends: the merged one at once, the other at exit.
  EXPECT_EQ(events[0]["fate"], "merged");
  EXPECT_EQ(events[0]["result"], "already_pending");
  EXPECT_EQ(events[1]["fate"], "discarded");
  EXPECT_LT(events[1]["timestamp_raw"].get<uint64_t>(), events[0]["timestamp_raw"].get<uint64_t>());
}

TEST_P(Fate, StillBlockedWhenSigtraceStopsIsPending) {
  Child target = spawn_target({.name = "fate-pending", .blocked = {SIGUSR2}});
  Subprocess sigtrace = follow(target.pid());
  kill(target.pid(), SIGUSR2);
  usleep(100000);
  json e = only(stop(sigtrace), "SIGUSR2", sigtrace);
  EXPECT_EQ(e["fate"], "pending") << e;
  EXPECT_GT(e["fate_ns"].get<uint64_t>(), 50'000'000u);  // how long it had waited
}

// sigwaitinfo(2) takes it without a handler: no signal_deliver then.
TEST_P(Fate, SigwaitinfoTakesIt) {
  Child target = Child::spawn(
      [](Child& self) {
        set_comm("fate-sigwait");
        sigset_t mask;
        sigemptyset(&mask);
        sigaddset(&mask, SIGUSR1);
        sigprocmask(SIG_BLOCK, &mask, nullptr);
        self.send(0);
        return sigwaitinfo(&mask, nullptr) == SIGUSR1 ? 0 : 1;
      },
      false);
  target.receive();
  Subprocess sigtrace = follow(target.pid());
  kill(target.pid(), SIGUSR1);
  int status = target.wait();
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  json e = only(stop(sigtrace), "SIGUSR1", sigtrace);
  EXPECT_EQ(e["fate"], "handled") << e;
  EXPECT_EQ(e["waited"], true);
}

// Pending signals the kernel throws away without anyone dequeuing them: a
// SIGCONT drops a pending (blocked) SIGTSTP; sigaction() to SIG_IGN drops a
// pending SIGUSR1. The target lives on: only the flush can end their story.
TEST_P(Fate, SignalsThrownAwayUnseenAreDiscarded) {
  Child target = Child::spawn(
      [](Child& self) -> int {
        set_comm("fate-flushed");
        sigset_t mask;
        sigemptyset(&mask);
        sigaddset(&mask, SIGTSTP);
        sigaddset(&mask, SIGUSR1);
        sigprocmask(SIG_BLOCK, &mask, nullptr);
        self.send(0);
        self.wait_for_go();  // both are pending by now
        signal(SIGUSR1, SIG_IGN);
        self.send(1);
        pause_forever();
      },
      false);
  target.receive();
  Subprocess sigtrace = follow(target.pid(), {"-s", "TSTP,USR1"});  // not SIGCONT
  kill(target.pid(), SIGTSTP);
  kill(target.pid(), SIGUSR1);
  kill(target.pid(), SIGCONT);
  target.go();
  ASSERT_EQ(target.receive(), 1);
  auto events = stop(sigtrace);
  EXPECT_EQ(only(events, "SIGTSTP", sigtrace)["fate"], "discarded");
  EXPECT_EQ(only(events, "SIGUSR1", sigtrace)["fate"], "discarded");
}

// core_pattern is a plain "core" here: the core lands in the target's
// working directory, a scratch one.
TEST_P(Fate, QuitWithCoresAllowedDumpsCore) {
  std::string scratch =
      std::filesystem::temp_directory_path() / ("sigtrace-core-" + std::to_string(getpid()));
  std::filesystem::create_directories(scratch);
  Child target = Child::spawn(
      [&](Child& self) -> int {
        set_comm("fate-quit");
        rlimit unlimited{RLIM_INFINITY, RLIM_INFINITY};
        if (setrlimit(RLIMIT_CORE, &unlimited) != 0 || chdir(scratch.c_str()) != 0) return 100;
        self.send(0);
        pause_forever();
      },
      false);
  target.receive();
  Subprocess sigtrace = follow(target.pid());
  kill(target.pid(), SIGQUIT);
  int status = target.wait();
  std::filesystem::remove_all(scratch);
  ASSERT_TRUE(WIFSIGNALED(status) && WCOREDUMP(status)) << status;
  json e = only(stop(sigtrace), "SIGQUIT", sigtrace);
  expect_death(e, "core_dumped", "SIGQUIT");
}

// A fault's signal, without a core (the limit stays 0).
TEST_P(Fate, SegfaultTerminates) {
  Child target = Child::spawn(
      [](Child& self) {
        set_comm("fate-segv");
        rlimit none{0, 0};
        setrlimit(RLIMIT_CORE, &none);
        self.send(0);
        self.wait_for_go();
        return fault_on_unmapped_page();
      },
      false);
  target.receive();
  Subprocess sigtrace = follow(target.pid());
  target.go();
  int status = target.wait();
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV) << status;
  json e = only(stop(sigtrace), "SIGSEGV", sigtrace);
  expect_death(e, "terminated", "SIGSEGV");
  EXPECT_EQ(e["via"], "fault");
}

// To the whole process: any thread may take it; one handles it, and a
// SIGTERM then ends every thread at once.
TEST_P(Fate, AWholeMultithreadedProcess) {
  pid_t thread = 0;
  Child target = spawn_target(
      {.name = "fate-threads", .handled = {SIGUSR1}, .thread_name = "fate-thread2"}, &thread);
  Subprocess sigtrace = follow(target.pid());
  kill(target.pid(), SIGUSR1);
  usleep(100000);
  kill(target.pid(), SIGTERM);
  int status = target.wait();
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM) << status;
  auto events = stop(sigtrace);
  EXPECT_EQ(only(events, "SIGUSR1", sigtrace)["fate"], "handled");
  expect_death(only(events, "SIGTERM", sigtrace), "terminated", "SIGTERM");
}

// kill(-pgid) in kill-only mode: one call, three fates.
TEST_P(Fate, AGroupOfThreeKilledByOneCall) {
  Child leader = spawn_target({.name = "fate-pg-lead", .lead_group = true});
  Child second = spawn_target({.name = "fate-pg-two", .join_group = leader.pid()});
  Child third = spawn_target({.name = "fate-pg-three", .join_group = leader.pid()});
  Child sender =
      spawn_sender({.name = "fate-pgkill"}, [&] { return errno_of(kill(-leader.pid(), SIGTERM)); });
  Subprocess sigtrace = start({"-k", "-p", std::to_string(sender.pid())});
  ASSERT_EQ(run_sender(sender), 0);
  for (Child* member : {&leader, &second, &third})
    member->wait();
  json e = only(stop(sigtrace), "SIGTERM", sigtrace);
  EXPECT_EQ(e["syscall"], "kill");
  EXPECT_EQ(e["fate"], "terminated×3") << e;
  ASSERT_EQ(e["fates"].size(), 3u) << e;
  std::vector<int> pids;
  for (const json& fate : e["fates"]) {
    EXPECT_EQ(fate["fate"], "terminated");
    EXPECT_EQ(fate["exit"]["signal"], "SIGTERM");
    pids.push_back(fate["tpid"]);
  }
  std::sort(pids.begin(), pids.end());
  std::vector<int> expected = {leader.pid(), second.pid(), third.pid()};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(pids, expected);
}

// --deaths: of a handled, an ignored and a fatal signal, only the last.
TEST_P(Fate, DeathsShowsExactlyTheDeaths) {
  Child target = spawn_target({.name = "fate-dies", .handled = {SIGUSR1}, .ignored = {SIGUSR2}});
  Subprocess sigtrace = Subprocess::start(
      {sigtrace_binary(), "--deaths", "-o", "json", "-T", std::to_string(target.pid())});
  ASSERT_TRUE(sigtrace.wait_for_stderr(kReady)) << sigtrace.err();
  kill(target.pid(), SIGUSR1);
  kill(target.pid(), SIGUSR2);
  usleep(50000);
  kill(target.pid(), SIGINT);
  target.wait();
  auto events = stop(sigtrace);
  ASSERT_EQ(events.size(), 1u) << sigtrace.out();
  expect_death(events[0], "terminated", "SIGINT");
}

INSTANTIATE_TEST_SUITE_P(BothTransports, Fate, ::testing::Values("ring", "perf"),
                         [](const auto& info) { return std::string(info.param); });

}  // namespace
}  // namespace sigtrace::testing
