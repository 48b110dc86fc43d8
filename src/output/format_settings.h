// What formatting needs beyond the events themselves: facts of the run,
// fixed before the first event.
#pragma once

#include "common/mode.h"
#include "output/time_format.h"

namespace sigtrace {

struct FormatSettings {
  Mode mode = Mode::kGenerate;
  // kill-only: kill_targets names the targets and counts them.
  bool targets_resolved = false;
  // --fate: every event comes with what became of its signals.
  bool fates = false;
};

}  // namespace sigtrace
