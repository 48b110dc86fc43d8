// Which container an event's sender and target are in.
#pragma once

#include "containers/registry.h"
#include "signal_event.h"

namespace sigtrace {

// By mount namespace, or by pid namespace for an exiting task.
inline const Container* sender_container(const ContainerRegistry& registry,
                                         const sigtrace_event& event) {
  return registry.find(event.mntns_id, event.pidns_id);
}

// From the kernel's reading of the target; without one (signal_target
// missing, or signal_generate probed by another tool first), from the
// target's process as the last scan of /proc saw it.
inline const Container* target_container(const ContainerRegistry& registry,
                                         const sigtrace_event& event) {
  if (event.target_mntns_id) return registry.by_mntns(event.target_mntns_id);
  auto target = static_cast<pid_t>(event.target_pid ? event.target_pid : event.target_tid);
  return target > 0 ? registry.by_pid(target) : nullptr;
}

}  // namespace sigtrace
