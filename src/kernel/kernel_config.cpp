#include "kernel/kernel_filter.h"

#include <algorithm>

namespace sigtrace {
namespace {

template <typename T, typename U>
void set_match(const std::optional<T>& wanted, __u8& flag, U& value) {
  flag = wanted.has_value();
  value = wanted.value_or(T{});
}

}  // namespace

void apply_filter(const KernelFilter& filter, sigtrace_config& config) {
  set_match(filter.pid, config.match_pid, config.pid);
  set_match(filter.tid, config.match_tid, config.tid);
  set_match(filter.uid, config.match_uid, config.uid);
  set_match(filter.gid, config.match_gid, config.gid);
  set_match(filter.tpid, config.match_tpid, config.tpid);
  config.match_comm = filter.comm.has_value();
  std::fill(std::begin(config.comm), std::end(config.comm), '\0');
  if (filter.comm) {
    std::copy_n(filter.comm->begin(), std::min(filter.comm->size(), sizeof(config.comm) - 1),
                config.comm);
  }
  config.match_signal = filter.signals.has_value();
  auto words = filter.signals ? filter.signals->words() : std::array<uint64_t, 2>{};
  config.signals[0] = words[0];
  config.signals[1] = words[1];
  config.failed_only = filter.failed_only;
  config.filter_mntns = static_cast<__u8>(filter.mntns_mode);
}

}  // namespace sigtrace
