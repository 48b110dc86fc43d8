// Every way a start can fail: one clear line on stderr, nothing on stdout,
// and the exit status the README documents.
#include <gtest/gtest.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <unistd.h>

#include "subprocess.h"

namespace sigtrace::testing {
namespace {

size_t line_count(const std::string& text) {
  return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
}

void expect_failure(const RunResult& result, int exit_code, const std::string& message) {
  EXPECT_EQ(result.exit_code, exit_code) << result.err;
  EXPECT_EQ(result.out, "");
  EXPECT_EQ(line_count(result.err), 1u) << result.err;
  EXPECT_EQ(result.err.rfind("sigtrace: ", 0), 0u) << result.err;
  EXPECT_NE(result.err.find(message), std::string::npos) << result.err;
}

struct UsageCase {
  std::string name;
  std::vector<std::string> args;
  std::string message;
};

class Usage : public ::testing::TestWithParam<UsageCase> {};

TEST_P(Usage, ExitsTwoWithOneLine) {
  std::vector<std::string> argv = {sigtrace_binary()};
  argv.insert(argv.end(), GetParam().args.begin(), GetParam().args.end());
  expect_failure(run(argv), 2, GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Mistakes, Usage,
    ::testing::Values(
        UsageCase{"UnknownSignal", {"-s", "SIGFOO"}, "unknown signal 'SIGFOO'"},
        UsageCase{"EmptySignalEntry", {"-s", "USR1,,TERM"}, "empty entry"},
        UsageCase{"SignalOutOfRange", {"-e", "99"}, "unknown signal '99'"},
        UsageCase{"ProbeWithoutKillOnly", {"-s", "0"}, "use -k"},
        UsageCase{"FieldsWithJson", {"-o", "json", "--fields", "comm"}, "--fields applies"},
        UsageCase{"TimestampWithJson", {"-o", "json", "-t"}, "--timestamp applies"},
        UsageCase{"UnknownFormat", {"-o", "yaml"}, "unknown format"},
        UsageCase{"UnknownField", {"--fields", "comm,bogus"}, "unknown field 'bogus'"},
        UsageCase{"FieldOfOtherMode", {"-k", "--fields", "result"}, "without -k"},
        UsageCase{"ZeroCount", {"--count", "0"}, "--count"},
        UsageCase{"NegativeTimeout", {"--timeout", "-2"}, "--timeout"},
        UsageCase{"CommTooLong", {"--comm", "much-too-long-a-name"}, "1 to 15 characters"},
        UsageCase{"UnknownUser", {"--uid", "no-such-user-x"}, "unknown user"},
        UsageCase{"BadMntns", {"--mntns", "12,x"}, "not a mount namespace id"},
        UsageCase{"NonNumericPid", {"--pid", "twelve"}, "--pid"},
        UsageCase{"UnknownFlag", {"--bogus-flag"}, "--bogus-flag"},
        UsageCase{"TopWithoutTerminal", {"top"}, "top draws on a terminal"},
        UsageCase{"SummaryAsJson", {"--summary", "-o", "json"}, "applies to events"},
        UsageCase{"MetricsWithoutPort", {"--metrics", "localhost"}, "ADDRESS:PORT"},
        UsageCase{"MetricsBadPort", {"--metrics", "127.0.0.1:-1"}, "--metrics"}),
    [](const auto& info) { return info.param.name; });

TEST(StartFailure, NotPrivilegedExitsThree) {
  auto as_nobody = [] {
    setresgid(65534, 65534, 65534);
    setresuid(65534, 65534, 65534);
  };
  expect_failure(run({sigtrace_binary()}, as_nobody), 3, "CAP_BPF");
}

TEST(StartFailure, NoBtfExitsFour) {
  auto hide_btf = [] {
    unshare(CLONE_NEWNS);
    mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr);
    mount("tmpfs", "/sys/kernel/btf", "tmpfs", 0, nullptr);
  };
  expect_failure(run({sigtrace_binary()}, hide_btf), 4, "BTF");
}

TEST(StartFailure, OldKernelExitsFive) {
  // UNAME26 makes uname() report a 2.6 kernel.
  auto old_uname = [] { personality(static_cast<unsigned long>(PER_LINUX) | UNAME26); };
  expect_failure(run({sigtrace_binary()}, old_uname), 5, "Linux 5.8 or later");
}

TEST(Help, HelpAndVersion) {
  RunResult help = run({sigtrace_binary(), "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--kill-only"), std::string::npos);
  EXPECT_NE(help.out.find("Exit status"), std::string::npos);
  // Each column name stands apart from its description, the longest too.
  for (const char* name :
       {"  tk8s.container  target's", "  tcontainer      target's", "  sig             "}) {
    EXPECT_NE(help.out.find(name), std::string::npos) << name;
  }
  RunResult version = run({sigtrace_binary(), "--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.out.rfind("sigtrace ", 0), 0u) << version.out;
}

}  // namespace
}  // namespace sigtrace::testing
