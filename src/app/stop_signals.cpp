#include "app/stop_signals.h"

#include <signal.h>
#include <sys/time.h>

namespace sigtrace {
namespace {

std::atomic<int> g_stop_signal{0};

void on_stop_signal(int sig) {
  g_stop_signal.store(sig);
}

}  // namespace

const std::atomic<int>& stop_signal() {
  return g_stop_signal;
}

void install_stop_handlers() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  // A closed terminal or a dropped ssh session ends a run like Ctrl-C.
  sigaction(SIGHUP, &action, nullptr);
  sigaction(SIGALRM, &action, nullptr);
  signal(SIGPIPE, SIG_IGN);
}

void arm_timeout(std::chrono::milliseconds timeout) {
  auto seconds = std::chrono::duration_cast<std::chrono::seconds>(timeout);
  itimerval timer{};
  timer.it_value.tv_sec = seconds.count();
  timer.it_value.tv_usec =
      std::chrono::duration_cast<std::chrono::microseconds>(timeout - seconds).count();
  setitimer(ITIMER_REAL, &timer, nullptr);
}

}  // namespace sigtrace
