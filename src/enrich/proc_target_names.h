// Target names the kernel could not give. A kill(pid, 0) probe or a kill
// refused (EPERM, or EINVAL for a bad signal number) generates no signal, so
// signal_target never sees the target; its name is read from /proc right
// away instead. A sender in another pid namespace (a container)
// passed that namespace's pid, which is translated to ours first.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "enrich/pidns_translation.h"
#include "model/enriched_event.h"
#include "signal_event.h"

namespace sigtrace {

class ProcTargetNames {
 public:
  // proc_root: "/proc" (a test may point it elsewhere).
  explicit ProcTargetNames(std::string proc_root = "/proc");

  // Whether find() could learn something about this call's target.
  bool wants(const sigtrace_event& record) const;
  // The target as /proc shows it now (tid in our numbering), when it is
  // still there. The name stays valid until the next call.
  std::optional<KnownTarget> find(const sigtrace_event& record);

 private:
  struct Reading {
    char comm[SIGTRACE_COMM_LEN] = {};
    uint64_t mntns_id = 0;
    bool found = false;
    std::chrono::steady_clock::time_point taken;
  };
  Reading read(int32_t tgid, int32_t tid) const;
  // The target's (tgid or 0, tid) as our /proc numbers them.
  std::optional<std::pair<int32_t, int32_t>> our_ids(const sigtrace_event& record);

  std::string proc_root_;
  uint32_t own_pidns_id_ = 0;
  PidnsTranslation translation_;
  // A storm of probes at one pid reads /proc once a second, not per event.
  std::map<std::pair<int32_t, int32_t>, Reading> recent_;
};

}  // namespace sigtrace
