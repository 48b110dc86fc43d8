/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Writing records to user space: into a ring buffer where the kernel has
 * one, else into a perf event array. Each object that includes this defines
 * `config`, the map `events`, the globals `lost_events` and
 * `last_wakeup_ns`, and events_ring(): the ring buffer its records go to
 * (the companion objects write into trace_signal's, shared_events.bpf.h,
 * so that one stream holds every record in order).
 */
#ifndef SIGTRACE_RECORD_OUTPUT_BPF_H
#define SIGTRACE_RECORD_OUTPUT_BPF_H

/*
 * One wakeup per event is what makes tracers slow down the workload they
 * watch (in a VM each one is an interrupt). Force at most one wakeup per
 * interval: an event after a quiet spell is seen at once, and while events
 * keep coming the reader looks on its own, often enough that the buffer
 * does not fill. Asking the ring buffer how full it is would touch the
 * reader's cache line every time.
 */
static __always_inline __u64 ringbuf_wakeup_flags(__u64 now)
{
	if (now - last_wakeup_ns >= config.wakeup_interval_ns) {
		last_wakeup_ns = now;
		return BPF_RB_FORCE_WAKEUP;
	}
	return BPF_RB_NO_WAKEUP;
}

/* A small record built on the stack (--fate's), copied out whole. */
static __always_inline void output_record(void *ctx, void *record, __u64 size)
{
	struct sigtrace_record_header *header = record;
	void *ring;
	long err;

	if (!config.use_ringbuf) {
		err = bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, record, size);
	} else {
		ring = events_ring();
		err = ring ? bpf_ringbuf_output(ring, record, size,
						ringbuf_wakeup_flags(header->timestamp_ns))
			   : -1;
	}
	if (err < 0)
		__sync_fetch_and_add(&lost_events, 1);
}

#endif /* SIGTRACE_RECORD_OUTPUT_BPF_H */
