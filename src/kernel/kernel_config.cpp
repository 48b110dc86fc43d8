#include "kernel/kernel_filter.h"

#include <algorithm>

namespace sigtrace {
namespace {

template <typename T, typename U>
void set_match(const std::optional<T>& wanted, __u8& flag, U& value) {
  flag = wanted.has_value();
  value = wanted.value_or(T{});
}

// A command name as the kernel keeps it: at most 15 bytes and a NUL.
void set_comm(const std::optional<std::string>& wanted, __u8& flag, char (&comm)[16]) {
  flag = wanted.has_value();
  std::fill(std::begin(comm), std::end(comm), '\0');
  if (wanted) std::copy_n(wanted->begin(), std::min(wanted->size(), sizeof(comm) - 1), comm);
}

}  // namespace

void apply_filter(const KernelFilter& filter, sigtrace_config& config) {
  set_match(filter.pid, config.match_pid, config.pid);
  set_match(filter.tid, config.match_tid, config.tid);
  set_match(filter.uid, config.match_uid, config.uid);
  set_match(filter.gid, config.match_gid, config.gid);
  set_match(filter.tpid, config.match_tpid, config.tpid);
  set_comm(filter.comm, config.match_comm, config.comm);
  set_comm(filter.tcomm, config.match_tcomm, config.tcomm);
  config.match_signal = filter.signals.has_value();
  auto words = filter.signals ? filter.signals->words() : std::array<uint64_t, 2>{};
  config.signals[0] = words[0];
  config.signals[1] = words[1];
  config.failed_only = filter.failed_only;
  config.filter_mntns = static_cast<__u8>(filter.mntns_mode);
}

}  // namespace sigtrace
