// What formatting an event needs beyond the event itself.
#pragma once

#include "common/mode.h"
#include "containers/event_containers.h"
#include "enrich/clock.h"
#include "enrich/id_names.h"
#include "output/time_format.h"
#include "signal_event.h"

namespace sigtrace {

struct EventContext {
  Mode mode = Mode::kGenerate;
  // kill-only: the signal_target object names targets and counts them.
  bool targets_resolved = false;
  BootClock clock;
  IdNames names;
  TimeFormat time;
  // Containers by namespace; none when container lookups are off.
  const ContainerRegistry* containers = nullptr;

  const Container* sender_container(const sigtrace_event& event) const {
    return containers ? sigtrace::sender_container(*containers, event) : nullptr;
  }
  const Container* target_container(const sigtrace_event& event) const {
    return containers ? sigtrace::target_container(*containers, event) : nullptr;
  }
};

}  // namespace sigtrace
