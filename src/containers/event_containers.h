// Which container an event's sender and target are in.
#pragma once

#include "containers/registry.h"
#include "signal_event.h"

namespace sigtrace {

// By mount namespace, or by pid namespace for an exiting task.
inline const Container* sender_container(const ContainerRegistry& registry,
                                         const sigtrace_event& event) {
  return registry.find(event.sender.mntns_id, event.sender.pidns_id);
}

// From the kernel's reading of the target (by pid namespace for one that was
// exiting); without one (kill_targets missing), from the target's process
// as the last scan of /proc saw it.
inline const Container* target_container(const ContainerRegistry& registry,
                                         const sigtrace_event& event) {
  if (event.target.mntns_id || event.target.pidns_id) {
    return registry.find(event.target.mntns_id, event.target.pidns_id);
  }
  auto target = static_cast<pid_t>(event.target.tgid ? event.target.tgid : event.target.tid);
  return target > 0 ? registry.by_pid(target) : nullptr;
}

}  // namespace sigtrace
