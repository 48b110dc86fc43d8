#include "tmux_pane.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "subprocess.h"

namespace sigtrace::testing {
namespace {

constexpr const char* kTmux = "/usr/bin/tmux";

// Every pane of the test process a server of its own.
std::string new_socket() {
  static std::atomic<int> panes{0};
  return "sigtrace-test-" + std::to_string(getpid()) + "-" + std::to_string(panes++);
}

}  // namespace

TmuxPane::TmuxPane(const std::string& command, int columns, int rows) : socket_(new_socket()) {
  RunResult started = run({kTmux, "-L", socket_, "new-session", "-d", "-x", std::to_string(columns),
                           "-y", std::to_string(rows), command});
  EXPECT_EQ(started.exit_code, 0) << started.err;
}

TmuxPane::~TmuxPane() {
  tmux({"kill-server"});
}

std::string TmuxPane::tmux(std::vector<std::string> args) {
  args.insert(args.begin(), {kTmux, "-L", socket_});
  return run(args).out;
}

TmuxPane::Lines TmuxPane::lines() {
  std::string captured = tmux({"capture-pane", "-p"});
  Lines result;
  size_t start = 0;
  while (start < captured.size()) {
    size_t end = captured.find('\n', start);
    if (end == std::string::npos) end = captured.size();
    std::string line = captured.substr(start, end - start);
    if (!line.empty()) result.push_back(line);
    start = end + 1;
  }
  return result;
}

bool TmuxPane::wait_until(const std::function<bool(const Lines&)>& ready) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    if (ready(lines())) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

bool TmuxPane::wait_for(const std::string& text, size_t times) {
  return wait_until([&](const Lines& lines) {
    size_t found = 0;
    for (const auto& line : lines)
      found += line.find(text) != std::string::npos;
    return found >= times;
  });
}

void TmuxPane::keys(const std::string& keys) {
  tmux({"send-keys", keys});
}

std::string TmuxPane::query(const std::string& format) {
  std::string answer = tmux({"display-message", "-p", format});
  while (!answer.empty() && answer.back() == '\n')
    answer.pop_back();
  return answer;
}

}  // namespace sigtrace::testing
