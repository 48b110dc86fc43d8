#include "model/origin.h"

#include <signal.h>

#include "model/syscall_names.h"

namespace sigtrace {
namespace {

constexpr int kSiKernel = 0x80;
constexpr int kExit = 60;
constexpr int kExitGroup = 231;

// What force_sig_fault() sends: a fault signal with its own code (or
// SI_KERNEL, for a general protection fault).
bool fault(const sigtrace_event& record) {
  switch (record.sig) {
    case SIGSEGV:
    case SIGBUS:
    case SIGFPE:
    case SIGILL:
    case SIGTRAP: return record.code > 0 || record.code == kSiKernel;
    default: return false;
  }
}

// On the task's stack, not in a system call: an exception, or an interrupt
// that hit user space (a timer), which runs on that stack too.
Origin outside_a_syscall(const sigtrace_event& record) {
  return {fault(record) ? OriginKind::kFault : OriginKind::kInterrupt, -1};
}

}  // namespace

Origin classify_origin(const sigtrace_event& record, bool oom_stack) {
  if (record.source != SIGTRACE_SOURCE_GENERATE) return {OriginKind::kSyscall, record.syscall_nr};
  uint8_t facts = record.origin;
  if (!(facts & SIGTRACE_ORIGIN_KNOWN)) return {};
  if (oom_stack) return {OriginKind::kOom, -1};
  if (!(facts & SIGTRACE_ORIGIN_TASK_STACK)) return {OriginKind::kInterrupt, -1};
  // An idle CPU's task (swapper/N, pid 0) sends nothing of its own: what it
  // runs while idle, on its own stack, is the work of interrupts (a timer's).
  if (record.sender.tgid == 0) return {OriginKind::kInterrupt, -1};
  if (facts & SIGTRACE_ORIGIN_KERNEL_THREAD) return {OriginKind::kKernel, -1};
  bool exiting_syscall = record.syscall_nr == kExit || record.syscall_nr == kExitGroup;
  if ((facts & SIGTRACE_ORIGIN_EXITING) && !exiting_syscall) return {OriginKind::kExit, -1};
  if (record.syscall_nr >= 0) return {OriginKind::kSyscall, record.syscall_nr};
  return outside_a_syscall(record);
}

std::string_view origin_name(const Origin& origin) {
  switch (origin.kind) {
    case OriginKind::kUnknown: return {};
    case OriginKind::kSyscall: return syscall_name_of(origin.syscall_nr);
    case OriginKind::kFault: return "fault";
    case OriginKind::kInterrupt: return "interrupt";
    case OriginKind::kOom: return "oom";
    case OriginKind::kExit: return "exit";
    case OriginKind::kKernel: return "kernel";
  }
  return {};
}

}  // namespace sigtrace
