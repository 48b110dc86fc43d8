// For the threads sigtrace starts beside the main one (loading objects,
// filling outer maps): the signals that stop a run are the main thread's,
// whose handlers set the flag its loop reads.
#pragma once

#include <pthread.h>
#include <signal.h>

namespace sigtrace {

inline void block_signals_in_this_thread() {
  sigset_t all;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, nullptr);
}

}  // namespace sigtrace
