// The signal workloads the benchmark times. Each runs in a child process
// with a name of its own, so tracers' output can be matched to it, and
// knows exactly which events it causes.
#pragma once

#include <time.h>

#include <cstdint>

namespace sigbench {

// Sender and target names in the tracers' output.
inline constexpr const char* kStormComm = "sbstorm";
inline constexpr const char* kTargetComm = "sbtarget";
inline constexpr const char* kMixedComm = "sbmix";
inline constexpr int kStormSignal = 12;  // SIGUSR2, ignored by the target

// A clock's reading in ns (CLOCK_MONOTONIC, a CPU clock); 0 if it cannot
// be read.
uint64_t ns_of(clockid_t clock);

struct WorkloadResult {
  uint64_t operations = 0;  // kills, or mixed iterations
  double ns_per_operation = 0;
  // The storm's time on a CPU (its thread's CPU clock): what each kill()
  // costs the sender itself. Not in it: the time it waited for a CPU while
  // another task ran there (a tracer's reader on the same vCPU) or, where
  // the kernel accounts steal (CONFIG_PARAVIRT_TIME_ACCOUNTING), while the
  // hypervisor ran another guest. In it: the interrupts that hit the loop,
  // unless the kernel accounts those apart (CONFIG_IRQ_TIME_ACCOUNTING).
  double cpu_ns_per_operation = 0;
  // Events the run causes, as a tracer of each kind must see them.
  uint64_t generate_events = 0;  // signal_generate
  uint64_t kill_calls = 0;       // kill/tkill/tgkill
  uint64_t kill_only_calls = 0;  // kill() alone (bpftrace's killsnoop)
};

// A tight loop of kill(target, SIGUSR2) to a child that ignores it: every
// call is one signal_generate event and one kill call.
WorkloadResult run_storm(uint64_t kills);

// A tight loop of getppid(), a system call no tracer traces: what a tracer
// costs the calls it does not follow (syscall tracepoints send every task
// through the kernel's slow system call path).
WorkloadResult run_getppid(uint64_t calls);

// What shells do all day, in a loop: a pipeline whose reader is gone
// (SIGPIPE, then SIGCHLD), a background job killed (SIGTERM, then
// SIGCHLD), and a raise() to itself (tgkill).
WorkloadResult run_mixed(uint64_t iterations);

}  // namespace sigbench
