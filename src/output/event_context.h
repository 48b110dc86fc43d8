// What formatting an event needs beyond the event itself.
#pragma once

#include "common/mode.h"
#include "enrich/clock.h"
#include "enrich/id_names.h"
#include "output/time_format.h"

namespace sigtrace {

struct EventContext {
  Mode mode = Mode::kGenerate;
  // kill-only: the signal_target object names targets and counts them.
  bool targets_resolved = false;
  BootClock clock;
  IdNames names;
  TimeFormat time;
};

}  // namespace sigtrace
