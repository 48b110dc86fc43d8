/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The companion objects (kill_only, fate) write their records into
 * trace_signal's ring buffer: one stream, in the order the records were
 * written, whichever object wrote them. Each object is loaded apart (maybe
 * by a loader program the kernel runs, which creates its own maps), so the
 * ring is reached through an outer map that user space fills with it after
 * load. Included by each companion: each gets its own `shared_events`.
 */
#ifndef SIGTRACE_SHARED_EVENTS_BPF_H
#define SIGTRACE_SHARED_EVENTS_BPF_H

/* Slot 0: trace_signal's `events`. The inner map's size does not matter. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, __u32);
	__array(values, struct {
		__uint(type, BPF_MAP_TYPE_RINGBUF);
		__uint(max_entries, 4096);
	});
} shared_events SEC(".maps");

/* For event_output.bpf.h; NULL until user space has shared the ring. */
static __always_inline void *events_ring(void)
{
	const __u32 zero = 0;

	return bpf_map_lookup_elem(&shared_events, &zero);
}

#endif /* SIGTRACE_SHARED_EVENTS_BPF_H */
