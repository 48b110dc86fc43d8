// Running the sigtrace binary the way a user does, reading what it prints.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace sigtrace::testing {

// The sigtrace binary under test.
std::string sigtrace_binary();

class Subprocess {
 public:
  // Forks and execs argv[0]; before_exec runs in the child first (only
  // system calls there: unshare, mount, setresuid...). stdout and stderr
  // are pipes read by this object.
  static Subprocess start(const std::vector<std::string>& argv,
                          const std::function<void()>& before_exec = {});
  Subprocess(Subprocess&& other) noexcept;
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;
  Subprocess& operator=(Subprocess&&) = delete;
  ~Subprocess();  // SIGKILLs and reaps a process still running

  pid_t pid() const { return pid_; }
  // Reads until stderr contains text; false after ten seconds or at exit.
  bool wait_for_stderr(const std::string& text);
  // Reads until stdout holds `lines` complete lines; false as above.
  bool wait_for_stdout_lines(size_t lines);
  void close_stdout();
  // Writes to the process's stdin (a pipe).
  void write_stdin(const std::string& text);
  void send_signal(int sig);
  // Reads everything until exit (at most 20 s, then SIGKILL); returns the
  // raw wait status.
  int finish();

  const std::string& out() const { return out_; }
  const std::string& err() const { return err_; }
  std::vector<std::string> out_lines() const;

 private:
  Subprocess() = default;
  // One round of reading; false when both pipes are closed.
  bool read_some(std::chrono::milliseconds timeout);

  pid_t pid_ = -1;
  int in_fd_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  std::string out_;
  std::string err_;
  bool reaped_ = false;
};

struct RunResult {
  int exit_code = -1;  // -1 when killed by a signal
  std::string out;
  std::string err;
};

RunResult run(const std::vector<std::string>& argv, const std::function<void()>& before_exec = {});

// The whitespace-separated words of a line of output (a row of columns).
std::vector<std::string> words_of(const std::string& line);

}  // namespace sigtrace::testing
