#include "top/terminal.h"

#include <signal.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>

#include "common/error.h"

namespace sigtrace {
namespace {

// Alternate screen, cursor hidden; and back.
constexpr std::string_view kEnter = "\x1b[?1049h\x1b[?25l";
constexpr std::string_view kLeave = "\x1b[?25h\x1b[?1049l";
// Home, and after the lines: the rest of the screen cleared.
constexpr std::string_view kHome = "\x1b[H";
constexpr std::string_view kClearLine = "\x1b[K";
constexpr std::string_view kClearBelow = "\x1b[J";

std::atomic<bool> g_resized{false};
std::atomic<bool> g_suspend{false};

void on_resize(int) {
  g_resized.store(true);
}
void on_suspend(int) {
  g_suspend.store(true);
}

// No SA_RESTART: the wait for events ends at once, the screen is redrawn.
void catch_signal(int sig, void (*handler)(int)) {
  struct sigaction action {};
  action.sa_handler = handler;
  sigemptyset(&action.sa_mask);
  sigaction(sig, &action, nullptr);
}

bool write_all(int fd, std::string_view text) {
  while (!text.empty()) {
    ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    text.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

}  // namespace

void require_terminal(int in, int out) {
  if (!::isatty(in) || !::isatty(out)) {
    throw UsageError("top draws on a terminal: standard input and output must be one");
  }
}

FullScreen::FullScreen(int in, int out) : in_(in), out_(out) {
  require_terminal(in_, out_);
  if (::tcgetattr(in_, &saved_) != 0) throw UsageError("top: cannot read the terminal's settings");
  catch_signal(SIGWINCH, on_resize);
  catch_signal(SIGTSTP, on_suspend);
  take();
}

FullScreen::~FullScreen() {
  give_back();
  signal(SIGTSTP, SIG_DFL);
}

void FullScreen::take() {
  termios raw = saved_;
  // Keys one by one, not echoed; Ctrl-C and Ctrl-Z still signal (ISIG).
  raw.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO);
  raw.c_cc[VMIN] = 0;
  raw.c_cc[VTIME] = 0;
  ::tcsetattr(in_, TCSADRAIN, &raw);
  write_all(out_, kEnter);
  taken_ = true;
}

void FullScreen::give_back() {
  if (!taken_) return;
  taken_ = false;
  write_all(out_, kLeave);
  ::tcsetattr(in_, TCSADRAIN, &saved_);
}

TerminalSize FullScreen::size() const {
  winsize size{};
  if (::ioctl(out_, TIOCGWINSZ, &size) != 0 || size.ws_col == 0 || size.ws_row == 0) return {};
  return {size.ws_col, size.ws_row};
}

std::string FullScreen::keys() {
  std::string typed;
  char buffer[64];
  ssize_t n = 0;
  while ((n = ::read(in_, buffer, sizeof(buffer))) > 0)
    typed.append(buffer, static_cast<size_t>(n));
  return typed;
}

// A newline between lines, none after the last: a screen of exactly as
// many lines as the terminal has rows must not scroll.
bool FullScreen::draw(std::string_view lines) {
  std::string screen(kHome);
  bool first = true;
  while (!lines.empty()) {
    size_t end = lines.find('\n');
    if (!first) screen.append("\r\n");
    first = false;
    screen.append(lines.substr(0, end));
    screen.append(kClearLine);
    if (end == std::string_view::npos) break;
    lines.remove_prefix(end + 1);
  }
  screen.append(kClearBelow);
  return write_all(out_, screen);
}

bool FullScreen::suspend_if_asked() {
  if (!g_suspend.exchange(false)) return false;
  give_back();
  ::raise(SIGSTOP);
  take();
  return true;
}

bool FullScreen::resized() {
  return g_resized.exchange(false);
}

}  // namespace sigtrace
