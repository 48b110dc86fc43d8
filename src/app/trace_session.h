// `sigtrace [flags]`: trace until Ctrl-C, SIGTERM, SIGHUP, a closed pipe,
// --count or --timeout, writing every event read: the stages wired
// together, from the kernel's buffer to the output.
#pragma once

#include "app/trace_options.h"

namespace sigtrace {

// Returns the exit status; throws Error for what stops tracing early.
int run_trace(const TraceOptions& options);

}  // namespace sigtrace
