// How a run is told to end: Ctrl-C, SIGTERM, SIGHUP, and --timeout, which
// is a SIGALRM so that it also interrupts a write blocked on a reader that
// does not read.
#pragma once

#include <atomic>
#include <chrono>

namespace sigtrace {

// The signal that asked to stop, 0 while none has.
const std::atomic<int>& stop_signal();

// No SA_RESTART: the signal must interrupt the wait for events and a
// blocked write. SIGPIPE is ignored: a closed pipe shows up as EPIPE.
void install_stop_handlers();

void arm_timeout(std::chrono::milliseconds timeout);

}  // namespace sigtrace
