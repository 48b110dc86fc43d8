// The terminal as a full screen of sigtrace's own, the way top takes it:
// the alternate screen, no echo, keys read one by one, no cursor. Left as
// it was found when this object goes, whatever ends the run (q, a stop
// signal, an error thrown), and while sigtrace is suspended (Ctrl-Z).
#pragma once

#include <termios.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace sigtrace {

struct TerminalSize {
  size_t columns = 80;
  size_t rows = 24;
};

// Throws UsageError unless both are terminals.
void require_terminal(int in, int out);

class FullScreen {
 public:
  // Keys are read from `in`, the screen drawn on `out`. Throws UsageError
  // when either is no terminal.
  FullScreen(int in, int out);
  ~FullScreen();
  FullScreen(const FullScreen&) = delete;
  FullScreen& operator=(const FullScreen&) = delete;

  TerminalSize size() const;
  // The keys typed since the last call; never waits.
  std::string keys();
  // Draws a whole screen: lines each at most as wide as the terminal, no
  // more of them than it has rows. False once the terminal is gone.
  bool draw(std::string_view lines);
  // Ctrl-Z: the terminal given back, sigtrace stopped until `fg`, the
  // screen taken again. True when it was asked for since the last call.
  bool suspend_if_asked();
  // The terminal changed size since the last call (SIGWINCH).
  static bool resized();

 private:
  void take();
  void give_back();

  int in_;
  int out_;
  termios saved_{};
  bool taken_ = false;
};

}  // namespace sigtrace
