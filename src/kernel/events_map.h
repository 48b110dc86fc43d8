// The `events` map of an object, set before load for the transport: a ring
// buffer of the given size, or a perf event array with a slot per CPU.
#pragma once

#include <bpf/libbpf.h>

#include <cstddef>

namespace sigtrace {

// The ring buffer size the kernel takes for `bytes`: a power of two, a page
// at least.
size_t ring_buffer_size(size_t bytes);

void configure_events_map(bpf_map* events, bool ring_buffer, size_t bytes);

// A companion object's (kill_only, fate) `events`: with a ring buffer its
// records go to trace_signal's (shared_events.bpf.h) and its own stays one
// page; else a perf event array of its own, of `perf_bytes` in all.
void configure_companion_events(bpf_map* events, bool ring_buffer, size_t perf_bytes);

}  // namespace sigtrace
