// sigtrace as a user runs it: a subprocess tracing while real signals fly,
// its output parsed and checked field by field.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>

#include "child.h"
#include "json_lines.h"
#include "processes.h"
#include "subprocess.h"

namespace sigtrace::testing {
namespace {

uint64_t wall_ns() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + static_cast<uint64_t>(ts.tv_nsec);
}

TEST(CliJson, CountExitsAfterNEventsWithEveryField) {
  Child target = spawn_target({.name = "cli-target", .handled = {SIGUSR1}});
  Subprocess sigtrace = Subprocess::start(
      {sigtrace_binary(), "-o", "json", "--count", "3", "-T", std::to_string(target.pid())});
  ASSERT_TRUE(sigtrace.wait_for_stderr(kReady)) << sigtrace.err();

  uint64_t before = wall_ns();
  Child sender = spawn_sender({.name = "cli-sender"}, [&] {
    for (int i = 0; i < 5; ++i)
      kill(target.pid(), SIGUSR1);
    return 0;
  });
  ASSERT_EQ(run_sender(sender), 0);
  int status = sigtrace.finish();
  uint64_t after = wall_ns();

  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << sigtrace.err();
  auto events = parse_lines(sigtrace);
  ASSERT_EQ(events.size(), 3u) << sigtrace.out();
  for (const auto& j : events) {
    EXPECT_EQ(j["proc"]["comm"], "cli-sender");
    EXPECT_EQ(j["proc"]["pid"], sender.pid());
    EXPECT_EQ(j["proc"]["tid"], sender.pid());
    EXPECT_EQ(j["proc"]["creds"]["uid"], 0);
    EXPECT_EQ(j["proc"]["creds"]["user"], "root");
    EXPECT_EQ(j["proc"]["creds"]["group"], "root");
    EXPECT_EQ(j["proc"]["parent"]["pid"], getpid());
    EXPECT_EQ(j["proc"]["mntns_id"], namespace_id(getpid(), "mnt"));
    EXPECT_EQ(j["tpid"], target.pid());
    EXPECT_EQ(j["tcomm"], "cli-target");
    EXPECT_EQ(j["sig"], "SIGUSR1");
    EXPECT_EQ(j["sig_raw"], SIGUSR1);
    EXPECT_EQ(j["error"], "");
    EXPECT_EQ(j["code"], "SI_USER");
    EXPECT_EQ(j["group"], true);
    EXPECT_TRUE(j["result"] == "delivered" || j["result"] == "already_pending") << j;
    EXPECT_GE(j["timestamp_raw"].get<uint64_t>(), before);
    EXPECT_LE(j["timestamp_raw"].get<uint64_t>(), after);
    EXPECT_TRUE(j["timestamp"].is_string());
  }
  EXPECT_NE(sigtrace.err().find("3 events, 0 lost"), std::string::npos) << sigtrace.err();
}

TEST(CliJson, KillOnlyShowsProbesAndFailures) {
  Child target = spawn_target({.name = "cli-probed"});
  pid_t nobody = unused_pid();
  Child sender = spawn_sender({.name = "cli-prober"}, [&] {
    kill(target.pid(), 0);
    kill(nobody, SIGTERM);
    return 0;
  });
  Subprocess sigtrace = Subprocess::start(
      {sigtrace_binary(), "-k", "-o", "json", "--count", "2", "-p", std::to_string(sender.pid())});
  ASSERT_TRUE(sigtrace.wait_for_stderr(kReady)) << sigtrace.err();
  ASSERT_EQ(run_sender(sender), 0);
  int status = sigtrace.finish();
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << sigtrace.err();

  auto events = parse_lines(sigtrace);
  ASSERT_EQ(events.size(), 2u) << sigtrace.out();
  EXPECT_EQ(events[0]["syscall"], "kill");
  EXPECT_EQ(events[0]["sig"], "0");
  EXPECT_EQ(events[0]["tpid"], target.pid());
  EXPECT_EQ(events[0]["tcomm"], "cli-probed");  // read from /proc: no signal was generated
  EXPECT_EQ(events[0]["error"], "");
  EXPECT_FALSE(events[0].contains("result"));
  EXPECT_EQ(events[1]["sig"], "SIGTERM");
  EXPECT_EQ(events[1]["tpid"], nobody);
  EXPECT_EQ(events[1]["tcomm"], "");
  EXPECT_EQ(events[1]["error"], "ESRCH");
  EXPECT_EQ(events[1]["error_raw"], ESRCH);
  EXPECT_EQ(events[1]["targets"], 0);
}

// A probe sends no signal, so its target is looked up in /proc once the
// event is read: a target killed and reaped by then cannot be placed, and
// is shown as unknown, never as the host. sigtrace is stopped meanwhile,
// so that it reads the event only once the target is gone.
TEST(CliJson, ProbedTargetGoneBeforeSigtraceLooksIsUnknownNotHost) {
  Subprocess sigtrace = Subprocess::start(
      {sigtrace_binary(), "-o", "json", "-k", "-s", "0", "--comm", "cli-gone-snd"});
  ASSERT_TRUE(sigtrace.wait_for_stderr(kReady)) << sigtrace.err();
  sigtrace.send_signal(SIGSTOP);
  ASSERT_TRUE(wait_for_state(sigtrace.pid(), 'T', std::chrono::seconds(1)));
  Child sender = spawn_sender({.name = "cli-gone-snd"}, [] {
    pid_t doomed = fork();
    if (doomed == 0) pause_forever();
    int probed = errno_of(kill(doomed, 0));
    kill(doomed, SIGKILL);
    waitpid(doomed, nullptr, 0);
    return probed;
  });
  ASSERT_EQ(run_sender(sender), 0);
  sigtrace.send_signal(SIGCONT);
  sigtrace.send_signal(SIGINT);
  ASSERT_EQ(sigtrace.finish(), 0) << sigtrace.err();

  auto events = parse_lines(sigtrace);
  ASSERT_EQ(events.size(), 1u) << sigtrace.out();
  EXPECT_EQ(events[0]["sig_raw"], 0);
  EXPECT_EQ(events[0]["tcomm"], "");
  EXPECT_EQ(events[0]["truntime_unknown"], true) << events[0];
  EXPECT_FALSE(events[0].contains("truntime")) << events[0];
  EXPECT_FALSE(events[0].contains("runtime")) << events[0];  // the sender is the host's
}

// The default columns of a host without containers (--no-containers: a
// host with a runtime adds CONTAINER and TCONTAINER, unit-tested).
TEST(CliColumns, HeaderThenOneAlignedLinePerEvent) {
  Child target = spawn_target({.name = "cli-col-tgt", .handled = {SIGUSR2}});
  Subprocess sigtrace = Subprocess::start(
      {sigtrace_binary(), "--no-containers", "--count", "1", "-T", std::to_string(target.pid())});
  ASSERT_TRUE(sigtrace.wait_for_stderr(kReady)) << sigtrace.err();
  Child sender =
      spawn_sender({.name = "cli-col-snd"}, [&] { return errno_of(kill(target.pid(), SIGUSR2)); });
  ASSERT_EQ(run_sender(sender), 0);
  sigtrace.finish();

  auto lines = sigtrace.out_lines();
  ASSERT_EQ(lines.size(), 2u) << sigtrace.out();
  EXPECT_EQ(lines[0],
            "COMM             PID     TID     TCOMM            TPID    SIG         RESULT          "
            "CODE          VIA");
  char expected[256];
  std::snprintf(expected, sizeof(expected), "%-16s %-7d %-7d %-16s %-7d %-11s %-15s %-13s %s",
                "cli-col-snd", sender.pid(), sender.pid(), "cli-col-tgt", target.pid(), "SIGUSR2",
                "delivered", "SI_USER", "kill");
  EXPECT_EQ(lines[1], expected);
}

TEST(CliColumns, TimeListedAndAskedForIsShownOnce) {
  Child target = spawn_target({.name = "cli-time", .handled = {SIGUSR1}});
  Subprocess sigtrace = Subprocess::start({sigtrace_binary(), "-t", "--fields", "time,sig",
                                           "--count", "1", "-T", std::to_string(target.pid())});
  ASSERT_TRUE(sigtrace.wait_for_stderr(kReady)) << sigtrace.err();
  kill(target.pid(), SIGUSR1);
  sigtrace.finish();
  auto lines = sigtrace.out_lines();
  ASSERT_EQ(lines.size(), 2u) << sigtrace.out();
  EXPECT_EQ(lines[0], "TIME            SIG");
}

TEST(CliColumns, HostileProcessNamesNeverReachTheTerminalRaw) {
  Child target = spawn_target({.name = "\xff\xfe-target", .handled = {SIGUSR1}});
  Subprocess sigtrace =
      Subprocess::start({sigtrace_binary(), "--count", "1", "-T", std::to_string(target.pid()),
                         "--fields", "comm,tcomm,sig"});
  ASSERT_TRUE(sigtrace.wait_for_stderr(kReady)) << sigtrace.err();
  Child sender = spawn_sender({.name = "\x1b]0;pwned\a"},
                              [&] { return errno_of(kill(target.pid(), SIGUSR1)); });
  ASSERT_EQ(run_sender(sender), 0);
  sigtrace.finish();

  const std::string& out = sigtrace.out();
  EXPECT_EQ(out.find('\x1b'), std::string::npos);
  EXPECT_EQ(out.find('\a'), std::string::npos);
  EXPECT_EQ(out.find('\xff'), std::string::npos);
  auto lines = sigtrace.out_lines();
  ASSERT_EQ(lines.size(), 2u) << out;
  EXPECT_EQ(lines[1], "\\x1b]0;pwned\\x07 \\xff\\xfe-target  SIGUSR1");
}

TEST(CliJson, HostileProcessNamesKeepJsonValid) {
  Child target = spawn_target({.name = "\xff\xfe-target", .handled = {SIGUSR1}});
  Subprocess sigtrace = Subprocess::start(
      {sigtrace_binary(), "-o", "json", "--count", "1", "-T", std::to_string(target.pid())});
  ASSERT_TRUE(sigtrace.wait_for_stderr(kReady)) << sigtrace.err();
  Child sender = spawn_sender({.name = "\x1b]0;\"pwned\\\a"},
                              [&] { return errno_of(kill(target.pid(), SIGUSR1)); });
  ASSERT_EQ(run_sender(sender), 0);
  sigtrace.finish();

  auto events = parse_lines(sigtrace);
  ASSERT_EQ(events.size(), 1u) << sigtrace.out();
  EXPECT_EQ(events[0]["proc"]["comm"], "\x1b]0;\"pwned\\\a");
  EXPECT_EQ(events[0]["tcomm"], "\xef\xbf\xbd\xef\xbf\xbd-target");
}

TEST(CliJson, PerfBufferFlagTraces) {
  Child target = spawn_target({.name = "cli-perf", .handled = {SIGUSR1}});
  Subprocess sigtrace = Subprocess::start({sigtrace_binary(), "--perf-buffer", "-o", "jsonpretty",
                                           "--count", "1", "-T", std::to_string(target.pid())});
  ASSERT_TRUE(sigtrace.wait_for_stderr(kReady)) << sigtrace.err();
  Child sender =
      spawn_sender({.name = "cli-perf-snd"}, [&] { return errno_of(kill(target.pid(), SIGUSR1)); });
  ASSERT_EQ(run_sender(sender), 0);
  ASSERT_EQ(sigtrace.finish(), 0) << sigtrace.err();
  auto event = nlohmann::json::parse(sigtrace.out());
  EXPECT_EQ(event["proc"]["comm"], "cli-perf-snd");
  EXPECT_EQ(event["tcomm"], "cli-perf");
  EXPECT_GT(std::count(sigtrace.out().begin(), sigtrace.out().end(), '\n'), 10);
}

}  // namespace
}  // namespace sigtrace::testing
