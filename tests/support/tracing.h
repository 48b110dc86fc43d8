// Starting a real tracer for a test.
#pragma once

#include <sys/types.h>

#include <memory>
#include <ostream>

#include "kernel/tracer.h"

namespace sigtrace::testing {

std::unique_ptr<Tracer> start_tracer(Mode mode, KernelFilter filter,
                                     Transport transport = Transport::kAuto);
// With these options, and the tests' short wakeup interval.
std::unique_ptr<Tracer> start_tracer(TracerOptions options);

// Only what this process sends: a test's own events, whatever the host does.
KernelFilter only_sender(pid_t pid);

}  // namespace sigtrace::testing

namespace sigtrace {
// Readable names for parameterized tests.
inline void PrintTo(Mode mode, std::ostream* os) {
  *os << (mode == Mode::kKillOnly ? "kill-only" : "generate");
}
}  // namespace sigtrace
