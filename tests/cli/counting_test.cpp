// Counting instead of a line per event: --summary's table at the end, and
// `sigtrace top` live in a real terminal (tmux), left as it was found.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "child.h"
#include "processes.h"
#include "subprocess.h"
#include "tmux_pane.h"

namespace sigtrace::testing {
namespace {

constexpr const char* kReady = "Ctrl-C to stop";
constexpr int kBurst = 200;

bool has_word(const std::vector<std::string>& words, const std::string& word) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

// The lines that hold a word.
std::vector<std::string> rows_with(const std::vector<std::string>& lines, const std::string& word) {
  std::vector<std::string> rows;
  for (const auto& line : lines) {
    if (has_word(words_of(line), word)) rows.push_back(line);
  }
  return rows;
}

// A target that ignores SIGUSR1: every one of the burst is `ignored`, none
// merges into one already pending.
Child burst_target() {
  return spawn_target({.name = "toptarget", .ignored = {SIGUSR1}});
}

void send_burst(const Child& target) {
  Child sender = spawn_sender({.name = "topsender"}, [&] {
    for (int i = 0; i < kBurst; ++i)
      kill(target.pid(), SIGUSR1);
    return 0;
  });
  ASSERT_EQ(run_sender(sender), 0);
}

// The one row of the burst: its count first, then sender, target, signal
// and result (the containers' columns, when the host has any, show -).
void expect_burst_row(const std::string& row, const std::string& count) {
  std::vector<std::string> words = words_of(row);
  ASSERT_FALSE(words.empty()) << row;
  EXPECT_EQ(words.front(), count) << row;
  for (const char* word : {"topsender", "toptarget", "SIGUSR1", "ignored", "kill"})
    EXPECT_TRUE(has_word(words, word)) << word << " missing in: " << row;
}

Subprocess start(std::vector<std::string> args) {
  args.insert(args.begin(), sigtrace_binary());
  Subprocess sigtrace = Subprocess::start(args);
  EXPECT_TRUE(sigtrace.wait_for_stderr(kReady)) << sigtrace.err();
  return sigtrace;
}

int exit_code(int status) {
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(Summary, ABurstIsOneRowCountedAtTheEnd) {
  Child target = burst_target();
  Subprocess sigtrace = start({"--summary", "-s", "USR1", "-T", std::to_string(target.pid())});
  send_burst(target);
  sigtrace.send_signal(SIGINT);
  ASSERT_EQ(exit_code(sigtrace.finish()), 0) << sigtrace.err();

  std::vector<std::string> lines = sigtrace.out_lines();
  ASSERT_EQ(lines.size(), 2u) << sigtrace.out();
  EXPECT_EQ(words_of(lines[0]).front(), "COUNT") << lines[0];
  expect_burst_row(lines[1], std::to_string(kBurst));
  EXPECT_NE(sigtrace.err().find("sigtrace: 200 events, 0 lost"), std::string::npos)
      << sigtrace.err();
}

// --count ends it as for events; what comes after is said not counted.
TEST(Summary, CountEndsItAndFieldsAreTheKey) {
  Child target = burst_target();
  Subprocess sigtrace =
      start({"--summary", "--count", "150", "--fields", "sig", "-T", std::to_string(target.pid())});
  send_burst(target);
  ASSERT_EQ(exit_code(sigtrace.finish()), 0) << sigtrace.err();

  EXPECT_EQ(sigtrace.out_lines(),
            (std::vector<std::string>{"     COUNT SIG", "       150 SIGUSR1"}))
      << sigtrace.out();
  EXPECT_NE(sigtrace.err().find("sigtrace: 150 events, 0 lost"), std::string::npos)
      << sigtrace.err();
}

// -o none writes nothing; the end line still counts what was traced.
TEST(Summary, OutputNoneCountsWithoutALine) {
  Child target = burst_target();
  Subprocess sigtrace = start({"-o", "none", "-T", std::to_string(target.pid())});
  send_burst(target);
  sigtrace.send_signal(SIGTERM);
  ASSERT_EQ(exit_code(sigtrace.finish()), 0) << sigtrace.err();
  EXPECT_EQ(sigtrace.out(), "");
  EXPECT_NE(sigtrace.err().find("sigtrace: 200 events, 0 lost"), std::string::npos)
      << sigtrace.err();
}

// What the pane shows once sigtrace is gone: the shell's words.
constexpr const char* kAfter = "; echo \"top exited $?\"; stty -a; sleep 60";

std::string top_command(const Child& target, const std::string& pid_file,
                        const std::string& more = "") {
  return "printf 'before top\\n'; sh -c 'echo $$ > " + pid_file + "; exec " + sigtrace_binary() +
         " top -d 0.5 -s USR1 -T " + std::to_string(target.pid()) + more + "'" + kAfter;
}

// The terminal as the shell had it: canonical, echoing.
void expect_terminal_restored(TmuxPane& pane) {
  EXPECT_EQ(pane.query("#{alternate_on}"), "0");
  EXPECT_EQ(pane.query("#{cursor_flag}"), "1");
  std::vector<std::string> words;
  for (const auto& line : pane.lines()) {
    auto more = words_of(line);
    words.insert(words.end(), more.begin(), more.end());
  }
  EXPECT_TRUE(has_word(words, "icanon") && !has_word(words, "-icanon"));
  EXPECT_TRUE(has_word(words, "echo") && !has_word(words, "-echo"));
  EXPECT_TRUE(pane.wait_for("before top")) << "the screen before top is gone";
}

pid_t read_pid(const std::string& path) {
  std::ifstream in(path);
  pid_t pid = 0;
  in >> pid;
  return pid;
}

struct TopEnding {
  const char* name;
  int stop_signal;  // sent to sigtrace; 0: a key
  const char* keys;
};

class TopEnds : public ::testing::TestWithParam<TopEnding> {};

// The burst shows as one row counting 200; however top ends, the
// terminal is left as it was: the screen before it, echo, the cursor.
TEST_P(TopEnds, ShowsTheBurstAndRestoresTheTerminal) {
  Child target = burst_target();
  std::string pid_file = "/tmp/sigtrace-top-test-" + std::to_string(getpid());
  // Wide enough for every default column, containers' and VIA included.
  TmuxPane pane(top_command(target, pid_file), 150, 30);
  ASSERT_TRUE(pane.wait_for("sorted by COUNT")) << ::testing::PrintToString(pane.lines());
  EXPECT_EQ(pane.query("#{alternate_on}"), "1");
  EXPECT_EQ(pane.query("#{cursor_flag}"), "0");
  send_burst(target);
  ASSERT_TRUE(pane.wait_until([](const TmuxPane::Lines& lines) {
    auto rows = rows_with(lines, "topsender");
    return rows.size() == 1 && words_of(rows[0]).front() == "200";
  })) << ::testing::PrintToString(pane.lines());
  auto rows = rows_with(pane.lines(), "topsender");
  ASSERT_EQ(rows.size(), 1u);
  expect_burst_row(rows[0], "200");
  EXPECT_FALSE(rows_with(pane.lines(), "RATE/S").empty());

  const TopEnding& ending = GetParam();
  if (ending.stop_signal) {
    ASSERT_EQ(kill(read_pid(pid_file), ending.stop_signal), 0);
  } else {
    pane.keys(ending.keys);
  }
  ASSERT_TRUE(pane.wait_for("top exited 0")) << ::testing::PrintToString(pane.lines());
  expect_terminal_restored(pane);
  EXPECT_TRUE(pane.wait_for("sigtrace: 200 events, 0 lost"));
  std::remove(pid_file.c_str());
}

INSTANTIATE_TEST_SUITE_P(Top, TopEnds,
                         ::testing::Values(TopEnding{"Q", 0, "q"}, TopEnding{"CtrlC", 0, "C-c"},
                                           TopEnding{"Term", SIGTERM, ""},
                                           TopEnding{"Hup", SIGHUP, ""}),
                         [](const auto& info) { return std::string(info.param.name); });

// s moves the sort to RATE/S, and on round the key's columns (chosen here:
// the default has containers first when the host has any).
TEST(Top, KeysChangeTheSort) {
  Child target = burst_target();
  TmuxPane pane(top_command(target, "/dev/null", " --fields comm,tcomm"), 100, 30);
  ASSERT_TRUE(pane.wait_for("sorted by COUNT"));
  pane.keys("s");
  EXPECT_TRUE(pane.wait_for("sorted by RATE/S"));
  pane.keys("s");
  EXPECT_TRUE(pane.wait_for("sorted by COMM"));
  pane.keys("<");
  EXPECT_TRUE(pane.wait_for("sorted by RATE/S"));
  pane.keys("q");
  EXPECT_TRUE(pane.wait_for("top exited 0"));
}

}  // namespace
}  // namespace sigtrace::testing
