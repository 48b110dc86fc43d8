/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Writing signal events (struct sigtrace_event) to user space: reserved in
 * the ring buffer and filled in place where the kernel has one, else built
 * in a per-CPU scratch slot and copied into the perf event array. Besides
 * what record_output.bpf.h needs, the object defines the map `gadget_heap`.
 */
#ifndef SIGTRACE_EVENT_OUTPUT_BPF_H
#define SIGTRACE_EVENT_OUTPUT_BPF_H

#include "record_output.bpf.h"

/* Where the next event is built: none on the ring buffer path. */
static __always_inline struct sigtrace_event_with_stack *scratch_slot(void)
{
	const __u32 zero = 0;

	if (config.use_ringbuf)
		return NULL;
	return bpf_map_lookup_elem(&gadget_heap, &zero);
}

/* The ring buffer's next record (with room for a stack or not), or the slot. */
static __always_inline struct sigtrace_event *event_reserve(struct sigtrace_event_with_stack *slot,
							    bool with_stack)
{
	void *ring;

	if (!config.use_ringbuf)
		return slot ? &slot->event : NULL;
	ring = events_ring();
	if (!ring)
		return NULL;
	if (with_stack)
		return bpf_ringbuf_reserve(ring, sizeof(struct sigtrace_event_with_stack), 0);
	return bpf_ringbuf_reserve(ring, sizeof(struct sigtrace_event), 0);
}

static __always_inline void event_submit(void *ctx, struct sigtrace_event *event, bool with_stack)
{
	__u64 size = with_stack ? sizeof(struct sigtrace_event_with_stack)
				: sizeof(struct sigtrace_event);

	if (config.use_ringbuf) {
		bpf_ringbuf_submit(event, ringbuf_wakeup_flags(event->header.timestamp_ns));
		return;
	}
	if (bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, event, size) < 0)
		__sync_fetch_and_add(&lost_events, 1);
}

/* The record header, the sender (`current`, current_task()'s) and the signal. */
static __always_inline void fill_common(struct sigtrace_event *event, struct task_struct *current,
					const struct sender_ids *ids, int sig)
{
	event->header.timestamp_ns = bpf_ktime_get_boot_ns();
	event->header.kind = SIGTRACE_RECORD_SIGNAL;
	__builtin_memset(event->header.reserved, 0, sizeof(event->header.reserved));
	event->fate_facts = 0;
	event->call_seq = 0;
	event->uid = (__u32)ids->uid_gid;
	event->gid = ids->uid_gid >> 32;
	event->sig = sig;
	read_sender(event, current);
}

#endif /* SIGTRACE_EVENT_OUTPUT_BPF_H */
