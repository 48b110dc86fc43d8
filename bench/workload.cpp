#include "workload.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cstdlib>

namespace sigbench {

uint64_t ns_of(clockid_t clock) {
  timespec ts{};
  if (clock_gettime(clock, &ts) != 0) return 0;
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + static_cast<uint64_t>(ts.tv_nsec);
}

namespace {

uint64_t now_ns() {
  return ns_of(CLOCK_MONOTONIC);
}

uint64_t cpu_now_ns() {
  return ns_of(CLOCK_THREAD_CPUTIME_ID);
}

void name_self(const char* name) {
  prctl(PR_SET_NAME, name);
}

pid_t spawn_ignoring_target() {
  int ready[2];
  if (pipe(ready) != 0) std::abort();
  pid_t child = fork();
  if (child == 0) {
    name_self(kTargetComm);
    signal(kStormSignal, SIG_IGN);
    close(ready[0]);
    (void)!write(ready[1], "x", 1);
    while (true)
      pause();
  }
  close(ready[1]);
  char byte;
  (void)!read(ready[0], &byte, 1);
  close(ready[0]);
  return child;
}

void reap(pid_t child) {
  while (waitpid(child, nullptr, 0) < 0) {
  }
}

// A writer whose reader has closed the pipe: SIGPIPE kills it.
void broken_pipeline() {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) std::abort();
  close(pipe_fds[0]);
  pid_t writer = fork();
  if (writer == 0) {
    (void)!write(pipe_fds[1], "x", 1);
    _exit(0);
  }
  close(pipe_fds[1]);
  reap(writer);
}

// A background job, terminated.
void killed_job() {
  int ready[2];
  if (pipe(ready) != 0) std::abort();
  pid_t job = fork();
  if (job == 0) {
    close(ready[0]);
    close(ready[1]);
    while (true)
      pause();
  }
  close(ready[1]);
  char byte;
  (void)!read(ready[0], &byte, 1);  // EOF once the job is running
  close(ready[0]);
  kill(job, SIGTERM);
  reap(job);
}

}  // namespace

WorkloadResult run_storm(uint64_t kills) {
  name_self(kStormComm);
  pid_t target = spawn_ignoring_target();
  uint64_t start = now_ns();
  uint64_t cpu_start = cpu_now_ns();
  for (uint64_t i = 0; i < kills; ++i)
    kill(target, kStormSignal);
  uint64_t cpu_elapsed = cpu_now_ns() - cpu_start;
  uint64_t elapsed = now_ns() - start;
  kill(target, SIGKILL);
  reap(target);
  WorkloadResult result;
  result.operations = kills;
  result.ns_per_operation = static_cast<double>(elapsed) / static_cast<double>(kills);
  result.cpu_ns_per_operation = static_cast<double>(cpu_elapsed) / static_cast<double>(kills);
  result.generate_events = kills;
  result.kill_calls = kills;
  result.kill_only_calls = kills;
  return result;
}

WorkloadResult run_getppid(uint64_t calls) {
  uint64_t start = now_ns();
  for (uint64_t i = 0; i < calls; ++i)
    (void)getppid();
  uint64_t elapsed = now_ns() - start;
  WorkloadResult result;
  result.operations = calls;
  result.ns_per_operation = static_cast<double>(elapsed) / static_cast<double>(calls);
  return result;
}

WorkloadResult run_mixed(uint64_t iterations) {
  name_self(kMixedComm);
  signal(SIGUSR1, SIG_IGN);
  uint64_t start = now_ns();
  for (uint64_t i = 0; i < iterations; ++i) {
    broken_pipeline();
    killed_job();
    raise(SIGUSR1);
  }
  uint64_t elapsed = now_ns() - start;
  WorkloadResult result;
  result.operations = iterations;
  result.ns_per_operation = static_cast<double>(elapsed) / static_cast<double>(iterations);
  // SIGPIPE, its SIGCHLD, SIGTERM, its SIGCHLD, the raise.
  result.generate_events = 5 * iterations;
  result.kill_calls = 2 * iterations;  // kill, tgkill
  result.kill_only_calls = iterations;
  return result;
}

}  // namespace sigbench
