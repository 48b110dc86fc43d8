#include "subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <sstream>
#include <stdexcept>
#include <utility>

namespace sigtrace::testing {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kPatience = std::chrono::seconds(10);

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

}  // namespace

std::string sigtrace_binary() {
  return SIGTRACE_BINARY;
}

Subprocess Subprocess::start(const std::vector<std::string>& argv,
                             const std::function<void()>& before_exec) {
  int in[2];
  int out[2];
  int err[2];
  if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0) {
    throw std::runtime_error("pipe failed");
  }
  std::vector<char*> args;
  for (const auto& arg : argv)
    args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);

  Subprocess process;
  process.pid_ = ::fork();
  if (process.pid_ < 0) throw std::runtime_error("fork failed");
  if (process.pid_ == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    ::dup2(in[0], STDIN_FILENO);
    ::dup2(out[1], STDOUT_FILENO);
    ::dup2(err[1], STDERR_FILENO);
    if (before_exec) before_exec();
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  ::close(in[0]);
  ::close(out[1]);
  ::close(err[1]);
  process.in_fd_ = in[1];
  process.out_fd_ = out[0];
  process.err_fd_ = err[0];
  return process;
}

Subprocess::Subprocess(Subprocess&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      in_fd_(std::exchange(other.in_fd_, -1)),
      out_fd_(std::exchange(other.out_fd_, -1)),
      err_fd_(std::exchange(other.err_fd_, -1)),
      out_(std::move(other.out_)),
      err_(std::move(other.err_)),
      reaped_(std::exchange(other.reaped_, true)) {}

Subprocess::~Subprocess() {
  if (pid_ > 0 && !reaped_) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  close_fd(in_fd_);
  close_fd(out_fd_);
  close_fd(err_fd_);
}

bool Subprocess::read_some(std::chrono::milliseconds timeout) {
  pollfd fds[2] = {{out_fd_, POLLIN, 0}, {err_fd_, POLLIN, 0}};
  if (out_fd_ < 0 && err_fd_ < 0) return false;
  int ready = ::poll(fds, 2, static_cast<int>(timeout.count()));
  if (ready <= 0) return true;
  char buffer[65536];
  std::pair<int*, std::string*> streams[2] = {{&out_fd_, &out_}, {&err_fd_, &err_}};
  for (int i = 0; i < 2; ++i) {
    if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
    ssize_t n = ::read(*streams[i].first, buffer, sizeof(buffer));
    if (n > 0) {
      streams[i].second->append(buffer, static_cast<size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      close_fd(*streams[i].first);
    }
  }
  return out_fd_ >= 0 || err_fd_ >= 0;
}

bool Subprocess::wait_for_stderr(const std::string& text) {
  auto deadline = Clock::now() + kPatience;
  while (err_.find(text) == std::string::npos) {
    if (Clock::now() > deadline || !read_some(std::chrono::milliseconds(50))) break;
  }
  return err_.find(text) != std::string::npos;
}

bool Subprocess::wait_for_stdout_lines(size_t lines) {
  auto count = [&] { return static_cast<size_t>(std::count(out_.begin(), out_.end(), '\n')); };
  auto deadline = Clock::now() + kPatience;
  while (count() < lines) {
    if (Clock::now() > deadline || !read_some(std::chrono::milliseconds(50))) break;
  }
  return count() >= lines;
}

void Subprocess::close_stdout() {
  close_fd(out_fd_);
}

void Subprocess::write_stdin(const std::string& text) {
  if (::write(in_fd_, text.data(), text.size()) != static_cast<ssize_t>(text.size())) {
    throw std::runtime_error("cannot write to the process's stdin");
  }
}

void Subprocess::send_signal(int sig) {
  ::kill(pid_, sig);
}

int Subprocess::finish() {
  auto deadline = Clock::now() + std::chrono::seconds(20);
  while (read_some(std::chrono::milliseconds(50))) {
    if (Clock::now() > deadline) {
      ::kill(pid_, SIGKILL);
      break;
    }
  }
  int status = 0;
  ::waitpid(pid_, &status, 0);
  reaped_ = true;
  return status;
}

std::vector<std::string> Subprocess::out_lines() const {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < out_.size()) {
    size_t end = out_.find('\n', start);
    if (end == std::string::npos) break;
    lines.push_back(out_.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

RunResult run(const std::vector<std::string>& argv, const std::function<void()>& before_exec) {
  Subprocess process = Subprocess::start(argv, before_exec);
  int status = process.finish();
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, process.out(), process.err()};
}

std::vector<std::string> words_of(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> words;
  for (std::string word; in >> word;)
    words.push_back(word);
  return words;
}

}  // namespace sigtrace::testing
