// `sigtrace [flags]`: trace until Ctrl-C, SIGTERM, a closed pipe, --count or
// --timeout, writing every event read.
#pragma once

#include "cli/options.h"

namespace sigtrace {

// Returns the exit status; throws Error for what stops tracing early.
int run_trace(const TraceCommand& command);

}  // namespace sigtrace
