#include "top/top_screen.h"

#include <time.h>
#include <unistd.h>

namespace sigtrace {

TopScreen::TopScreen(const Tally& tally, std::chrono::milliseconds interval, std::string title)
    : screen_(STDIN_FILENO, STDOUT_FILENO),
      view_(tally, TopView::Clock::now()),
      interval_(interval),
      title_(std::move(title)),
      next_sample_(TopView::Clock::now()) {}

int TopScreen::key_fd() const {
  return STDIN_FILENO;
}

void TopScreen::tick(uint64_t lost) {
  bool redraw = screen_.suspend_if_asked();
  redraw = FullScreen::resized() || redraw;
  redraw = take_keys() || redraw;
  if (quit_) return;
  auto now = TopView::Clock::now();
  if (now >= next_sample_) {
    view_.sample(now);
    next_sample_ = now + interval_;
    redraw = true;
  }
  if (!redraw) return;
  TopStatus status{title_, clock_text(), lost};
  if (!screen_.draw(view_.frame(screen_.size(), status))) quit_ = true;
}

// Whether the view changed.
bool TopScreen::take_keys() {
  bool changed = false;
  for (char key : screen_.keys()) {
    switch (key) {
      case 'q':
      case 'Q': quit_ = true; break;
      case 's':
      case '>':
        view_.next_order();
        changed = true;
        break;
      case '<':
        view_.previous_order();
        changed = true;
        break;
      default: break;
    }
  }
  return changed;
}

std::string TopScreen::clock_text() const {
  time_t now = ::time(nullptr);
  tm local{};
  ::localtime_r(&now, &local);
  char text[16];
  std::strftime(text, sizeof(text), "%H:%M:%S", &local);
  return text;
}

}  // namespace sigtrace
