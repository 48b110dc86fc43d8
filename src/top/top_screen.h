// `sigtrace top` on the terminal: the screen taken, a frame drawn every
// interval and whenever a key, a resize or a return from Ctrl-Z calls for
// one, until q.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "count/tally.h"
#include "top/terminal.h"
#include "top/top_view.h"

namespace sigtrace {

class TopScreen {
 public:
  // title: what is traced, for the first line.
  TopScreen(const Tally& tally, std::chrono::milliseconds interval, std::string title);

  // Once per round of the trace loop; lost: the events lost so far.
  void tick(uint64_t lost);
  // q was typed, or the terminal is gone.
  bool quit() const { return quit_; }
  // Readable when a key is typed: the trace loop's wait ends on it.
  int key_fd() const;

 private:
  bool take_keys();
  std::string clock_text() const;

  FullScreen screen_;
  TopView view_;
  std::chrono::milliseconds interval_;
  std::string title_;
  TopView::Clock::time_point next_sample_;
  bool quit_ = false;
};

}  // namespace sigtrace
