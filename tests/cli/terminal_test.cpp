// sigtrace in a real terminal: an 80-column tmux pane, names that are
// hostile (escape sequences), wide (CJK) and long. No line wraps, every
// column stays where its header is, and what did not fit is said.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "child.h"
#include "output/display_width.h"
#include "processes.h"
#include "subprocess.h"
#include "tmux_pane.h"

namespace sigtrace::testing {
namespace {

// The display column where `part` starts in `line`, or npos.
// Where the column titled `title` starts in the header (display columns):
// a word of its own, the last one with no space after it.
size_t column_of(const std::string& header, const std::string& title) {
  std::string word = " " + title;
  for (size_t at = header.find(word); at != std::string::npos; at = header.find(word, at + 1)) {
    size_t end = at + word.size();
    if (end == header.size() || header[end] == ' ') return display_width(header.substr(0, at)) + 1;
  }
  return std::string::npos;
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
  TmuxPane pane(command, 80, 40);
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
    // The host's containers, if any, add their columns: those after stay
    // in their places all the same.
    size_t at = column_of(header, column);
    ASSERT_NE(at, std::string::npos) << column << " is not in: " << header;
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
