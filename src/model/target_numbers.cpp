#include "model/target_numbers.h"

namespace sigtrace {
namespace {

std::optional<uint32_t> single_task(const sigtrace_event& record, uint32_t known_tid) {
  if (record.ntargets > 1 || known_tid == 0) return std::nullopt;
  return known_tid;
}

int32_t host_view(const sigtrace_event& record, std::optional<uint32_t> single) {
  if (record.source == SIGTRACE_SOURCE_GENERATE) return static_cast<int32_t>(record.target.tid);
  // One task reached (read by kill_targets), or a probe or refusal whose
  // target was looked up in /proc.
  if (single) return static_cast<int32_t>(*single);
  if (record.source == SIGTRACE_SOURCE_PIDFD_SEND_SIGNAL) return 0;
  // The argument itself: the host's numbering, or 0 and -1, which mean the
  // same in every pid namespace.
  if (record.sender.pidns_level == 0 || record.pid_arg == 0 || record.pid_arg == -1) {
    return record.pid_arg;
  }
  return 0;  // a pid of the sender's namespace that could not be translated
}

std::optional<int32_t> sender_view(const sigtrace_event& record, int32_t tpid) {
  // A pidfd is no pid: only the kernel's reading of the target says how the
  // sender numbers it.
  bool kernel_view = record.source == SIGTRACE_SOURCE_GENERATE ||
                     record.source == SIGTRACE_SOURCE_PIDFD_SEND_SIGNAL;
  int32_t seen = kernel_view ? record.target_nspid : record.pid_arg;
  if (seen == 0 && kernel_view) return std::nullopt;
  if (seen == tpid) return std::nullopt;
  // A host sender's group argument (-PGID reaching one task): the host's
  // own numbering, nothing to add.
  if (seen <= 0 && record.sender.pidns_level == 0) return std::nullopt;
  return seen;
}

}  // namespace

TargetNumbers number_target(const sigtrace_event& record, uint32_t known_tid) {
  TargetNumbers numbers;
  numbers.ttid = single_task(record, known_tid);
  numbers.tpid = host_view(record, numbers.ttid);
  numbers.tnspid = sender_view(record, numbers.tpid);
  return numbers;
}

}  // namespace sigtrace
