// Filters on the target, in both modes: --tcomm (the target's command name)
// and -T (with -k: the pid as passed, or a task the call reached).
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "child.h"
#include "json_lines.h"
#include "processes.h"
#include "subprocess.h"

namespace sigtrace::testing {
namespace {

class TargetFilter : public ::testing::TestWithParam<bool> {
 protected:
  // sigtrace -o json ARGS (with -k for the kill-only run), started and ready.
  Subprocess start(std::vector<std::string> args) {
    args.insert(args.begin(), {sigtrace_binary(), "-o", "json"});
    if (GetParam()) args.push_back("-k");
    Subprocess sigtrace = Subprocess::start(args);
    EXPECT_TRUE(sigtrace.wait_for_stderr(kReady)) << sigtrace.err();
    return sigtrace;
  }
};

// Real programs, named by the kernel from what they exec'd.
TEST_P(TargetFilter, TcommKeepsSleepAndDropsPython) {
  Subprocess python = Subprocess::start({"/usr/bin/python3", "-c", "import time; time.sleep(60)"});
  Subprocess sleeping = Subprocess::start({"/bin/sleep", "60"});
  usleep(200000);  // both have exec'd
  Child sender = spawn_sender({.name = "tf-sender"}, [&] {
    kill(python.pid(), SIGTERM);  // first: a filter that let it through would show it first
    kill(sleeping.pid(), SIGTERM);
    return 0;
  });
  Subprocess sigtrace =
      start({"--tcomm", "sleep", "-p", std::to_string(sender.pid()), "--count", "1"});
  ASSERT_EQ(run_sender(sender), 0);
  sigtrace.finish();
  python.finish();
  sleeping.finish();

  auto events = parse_lines(sigtrace);
  ASSERT_EQ(events.size(), 1u) << sigtrace.out() << sigtrace.err();
  EXPECT_EQ(events[0]["tcomm"], "sleep");
  EXPECT_EQ(events[0]["tpid"], sleeping.pid());
}

// A process group kill names no pid of its members: -T finds the member
// the kernel delivered to (with -k, the argument alone would miss it).
TEST_P(TargetFilter, TpidMatchesAMemberOfAKilledGroup) {
  Child leader = spawn_target({.name = "tf-lead", .handled = {SIGUSR1}, .lead_group = true});
  Child member =
      spawn_target({.name = "tf-member", .handled = {SIGUSR1}, .join_group = leader.pid()});
  Child sender =
      spawn_sender({.name = "tf-pgkill"}, [&] { return errno_of(kill(-leader.pid(), SIGUSR1)); });
  Subprocess sigtrace = start(
      {"-T", std::to_string(member.pid()), "-p", std::to_string(sender.pid()), "--count", "1"});
  ASSERT_EQ(run_sender(sender), 0);
  sigtrace.finish();

  auto events = parse_lines(sigtrace);
  ASSERT_EQ(events.size(), 1u) << sigtrace.out() << sigtrace.err();
  EXPECT_EQ(events[0]["proc"]["pid"], sender.pid());
  if (GetParam()) {
    EXPECT_EQ(events[0]["syscall"], "kill");
    EXPECT_EQ(events[0]["targets"], 2);
  } else {
    EXPECT_EQ(events[0]["tpid"], member.pid());
  }
}

INSTANTIATE_TEST_SUITE_P(BothModes, TargetFilter, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "KillOnly" : "Generate"; });

}  // namespace
}  // namespace sigtrace::testing
