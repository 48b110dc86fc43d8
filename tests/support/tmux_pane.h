// A real terminal for a test: a tmux server of the test's own with one
// detached pane, read as its screen shows it.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace sigtrace::testing {

class TmuxPane {
 public:
  using Lines = std::vector<std::string>;

  // Runs `command` (by sh) in a pane of columns x rows.
  TmuxPane(const std::string& command, int columns, int rows);
  ~TmuxPane();
  TmuxPane(const TmuxPane&) = delete;
  TmuxPane& operator=(const TmuxPane&) = delete;

  // The screen's lines, the empty ones left out.
  Lines lines();
  // Polls the screen until `times` lines hold `text`, or `ready` says so;
  // false after ten seconds.
  bool wait_for(const std::string& text, size_t times = 1);
  bool wait_until(const std::function<bool(const Lines&)>& ready);
  // tmux send-keys: "q", "C-c".
  void keys(const std::string& keys);
  // tmux's word on the pane: "#{alternate_on}", "#{cursor_flag}".
  std::string query(const std::string& format);

 private:
  std::string tmux(std::vector<std::string> args);

  std::string socket_;
};

}  // namespace sigtrace::testing
