// sigtrace in a real terminal: an 80-column tmux pane, names that are
// hostile (escape sequences), wide (CJK) and long. No line wraps, every
// column stays where its header is, and what did not fit is said.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "child.h"
#include "output/display_width.h"
#include "processes.h"
#include "subprocess.h"

namespace sigtrace::testing {
namespace {

constexpr const char* kTmux = "/usr/bin/tmux";

// A tmux server of this test's own, with one detached pane of 80 x 40.
class Pane {
 public:
  explicit Pane(const std::string& command) : socket_("sigtrace-test-" + std::to_string(getpid())) {
    RunResult started = tmux({"new-session", "-d", "-x", "80", "-y", "40", command});
    EXPECT_EQ(started.exit_code, 0) << started.err;
  }
  ~Pane() { tmux({"kill-server"}); }

  std::vector<std::string> lines() {
    RunResult captured = tmux({"capture-pane", "-p"});
    std::vector<std::string> result;
    size_t start = 0;
    while (start < captured.out.size()) {
      size_t end = captured.out.find('\n', start);
      if (end == std::string::npos) end = captured.out.size();
      std::string line = captured.out.substr(start, end - start);
      if (!line.empty()) result.push_back(line);
      start = end + 1;
    }
    return result;
  }

  // Polls the pane until a line holds `text`; false after ten seconds.
  bool wait_for(const std::string& text, size_t times = 1) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
      size_t found = 0;
      for (const auto& line : lines())
        found += line.find(text) != std::string::npos;
      if (found >= times) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

  void keys(const std::string& keys) { tmux({"send-keys", keys}); }

 private:
  RunResult tmux(std::vector<std::string> args) {
    args.insert(args.begin(), {kTmux, "-L", socket_});
    return run(args);
  }

  std::string socket_;
};

// The display column where `part` starts in `line`, or npos.
size_t column_of(const std::string& line, const std::string& part) {
  size_t at = line.find(part);
  return at == std::string::npos ? at : display_width(line.substr(0, at));
}

// The byte where display column `at` starts, npos when a character that
// spans it (a wide one) makes no such byte.
size_t offset_at_column(const std::string& row, size_t at) {
  for (size_t offset = 0; offset <= row.size(); ++offset) {
    bool starts_character =
        offset == row.size() || (static_cast<unsigned char>(row[offset]) & 0xC0) != 0x80;
    if (!starts_character) continue;
    size_t width = display_width(std::string_view(row).substr(0, offset));
    if (width == at) return offset;
    if (width > at) return std::string::npos;
  }
  return std::string::npos;
}

TEST(Terminal, EightyColumnsWithHostileWideAndLongNames) {
  Child target = spawn_target({.name = "漢字漢字漢", .handled = {SIGUSR1}});
  std::vector<std::string> senders = {"\x1b]0;pwned\a", "ｗｉｄｅ-name", "a-very-long-nam"};
  std::string command = sigtrace_binary() + " --no-containers -s USR1 -T " +
                        std::to_string(target.pid()) + "; sleep 60";
  Pane pane(command);
  ASSERT_TRUE(pane.wait_for("Ctrl-C to stop"));
  for (const auto& name : senders) {
    Child sender =
        spawn_sender({.name = name}, [&] { return errno_of(kill(target.pid(), SIGUSR1)); });
    ASSERT_EQ(run_sender(sender), 0);
  }
  ASSERT_TRUE(pane.wait_for("SIGUSR1", senders.size()));
  pane.keys("C-c");

  std::vector<std::string> lines = pane.lines();
  std::string header;
  std::vector<std::string> rows;
  for (const auto& line : lines) {
    EXPECT_LE(display_width(line), 80u) << line;
    if (line.find("COMM") == 0) header = line;
    if (line.find("SIGUSR1") != std::string::npos) rows.push_back(line);
  }
  ASSERT_FALSE(header.empty()) << ::testing::PrintToString(lines);
  // One line per event: nothing wrapped onto a line of its own.
  ASSERT_EQ(rows.size(), senders.size()) << ::testing::PrintToString(lines);
  for (const char* column : {"PID", "TCOMM", "TPID", "SIG"}) {
    size_t at = column_of(header, std::string(" ") + column + " ") + 1;
    for (const auto& row : rows) {
      size_t offset = offset_at_column(row, at);
      ASSERT_NE(offset, std::string::npos) << column << " misplaced in: " << row;
      EXPECT_EQ(row[offset - 1], ' ') << column << " in: " << row;
      EXPECT_NE(row[offset], ' ') << column << " in: " << row;
    }
  }
  // Hostile text escaped, and all the names cut to the 8 columns left them.
  EXPECT_EQ(rows[0].rfind("\\x1b]0;… ", 0), 0u) << rows[0];
  EXPECT_EQ(rows[1].rfind("ｗｉｄ…  ", 0), 0u) << rows[1];
  EXPECT_EQ(rows[2].rfind("a-very-… ", 0), 0u) << rows[2];
  EXPECT_NE(rows[0].find("漢字漢… "), std::string::npos) << rows[0];
  for (const auto& line : lines)
    EXPECT_EQ(line.find('\x1b'), std::string::npos) << "a raw escape reached the terminal";
  bool said = false;
  for (const auto& line : lines)
    said = said || line.find("left out to fit the terminal") != std::string::npos;
  EXPECT_TRUE(said) << ::testing::PrintToString(lines);
}

}  // namespace
}  // namespace sigtrace::testing
