// Where a signal came from (column VIA, key `via`), from the facts the BPF
// program reads (see gadget/trace_signal/origin.bpf.h):
// - the system call the sender was in: "kill", "write" (a SIGPIPE, a write
//   to cgroup.kill), "exit_group" (a child's SIGCHLD), ...;
// - "fault": a CPU exception (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP);
// - "interrupt": generated in interrupt context (timers, ...), where the
//   current task is whoever was running: the sender is the kernel;
// - "oom": the OOM killer's SIGKILL; the current task triggered it;
// - "exit": sent by a task on its way out (killed by a signal);
// - "kernel": sent by a kernel thread (a kworker: the tty, sysrq);
// - "" when the kernel gives no facts (before Linux 5.15).
#pragma once

#include <string>
#include <string_view>

#include "signal_event.h"

namespace sigtrace {

enum class OriginKind { kUnknown, kSyscall, kFault, kInterrupt, kOom, kExit, kKernel };

struct Origin {
  OriginKind kind = OriginKind::kUnknown;
  int syscall_nr = -1;  // kSyscall
};

// oom_stack: the sender's kernel stack passed through the OOM killer.
Origin classify_origin(const sigtrace_event& record, bool oom_stack);

std::string_view origin_name(const Origin& origin);

// The text of VIA: origin_name(), or "syscall:N" for a system call the
// table does not name; nothing when unknown. Out: a std::string, or what
// appends like one.
template <typename Out>
void append_via(Out& out, const Origin& origin) {
  std::string_view name = origin_name(origin);
  if (!name.empty() || origin.kind != OriginKind::kSyscall) {
    out.append(name);
    return;
  }
  out.append(std::string_view("syscall:"));
  out.append(std::string_view(std::to_string(origin.syscall_nr)));
}

// Interrupts and the OOM killer: the current task did not send the signal.
inline bool sent_by_the_kernel(const Origin& origin) {
  return origin.kind == OriginKind::kInterrupt || origin.kind == OriginKind::kOom;
}

}  // namespace sigtrace
