// Real processes for real signals: forked children that wait to be told to
// act, report small facts back over a pipe, and are always reaped.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

namespace sigtrace::testing {

class Child {
 public:
  // Forks. In the child: body(channel) runs once the parent calls go()
  // (or at once when gated is false); its return value is the exit status.
  static Child spawn(std::function<int(Child&)> body, bool gated = true);

  Child(Child&& other) noexcept;
  Child& operator=(Child&&) = delete;
  Child(const Child&) = delete;
  ~Child();  // SIGKILLs and reaps a child still running

  pid_t pid() const { return pid_; }
  // Parent: lets a gated child run its body.
  void go();
  // Child side: blocks until the parent calls go().
  void wait_for_go();
  // Parent: waits for the child to exit; returns the raw wait status.
  int wait();
  // Child side: sends a number to the parent; parent side: receives one
  // (throws after ten seconds without one: the child is stuck or dead).
  void send(int64_t value);
  int64_t receive();

 private:
  Child() = default;
  pid_t pid_ = -1;
  int to_child_ = -1;    // parent writes "go"
  int from_child_ = -1;  // child writes values
  int child_read_ = -1;
  int child_write_ = -1;
  bool reaped_ = false;
};

// Child side helpers.
void set_comm(const std::string& name);
[[noreturn]] void pause_forever();

// Parent side facts.
std::string own_comm();
std::string comm_of(pid_t pid);                      // /proc/PID/comm, without its newline
uint64_t namespace_id(pid_t pid, const char* kind);  // kind: "mnt", "pid"
// Where the unified (cgroup2) hierarchy is mounted; empty when it is not.
std::string cgroup2_root();
// The process's cgroup in the unified hierarchy as the kernel numbers it
// (its directory's inode); the root's, 1, when that hierarchy is not mounted.
uint64_t cgroup_id(pid_t pid);
pid_t gettid_now();
// A process's state letter in /proc/PID/stat (R, S, T, Z...); 0 once it is
// reaped.
char process_state(pid_t pid);
// Looks every millisecond until the condition holds; false when it does not
// within the time given.
bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds within);
// wait_until() the process is in that state.
bool wait_for_state(pid_t pid, char state, std::chrono::milliseconds within);

// A pid that no process has right now (a reaped child's).
pid_t unused_pid();

}  // namespace sigtrace::testing
