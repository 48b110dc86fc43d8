/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Writing events to user space, into a ring buffer where the kernel has one,
 * else through a per-CPU scratch slot into a perf event array. Each object
 * that includes this defines `config`, the maps `events` and `gadget_heap`
 * and the globals `lost_events` and `last_wakeup_ns`.
 */
#ifndef SIGTRACE_EVENT_OUTPUT_BPF_H
#define SIGTRACE_EVENT_OUTPUT_BPF_H

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
	if (!config.use_ringbuf)
		return slot ? &slot->event : NULL;
	if (with_stack)
		return bpf_ringbuf_reserve(&events, sizeof(struct sigtrace_event_with_stack), 0);
	return bpf_ringbuf_reserve(&events, sizeof(struct sigtrace_event), 0);
}

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

/* The record header, the sender (current task) and the signal. */
static __always_inline void fill_common(struct sigtrace_event *event, const struct sender_ids *ids,
					int sig)
{
	event->header.timestamp_ns = bpf_ktime_get_boot_ns();
	event->header.kind = SIGTRACE_RECORD_SIGNAL;
	__builtin_memset(event->header.reserved, 0, sizeof(event->header.reserved));
	__builtin_memset(event->reserved, 0, sizeof(event->reserved));
	event->uid = (__u32)ids->uid_gid;
	event->gid = ids->uid_gid >> 32;
	event->sig = sig;
	read_sender(event);
}

#endif /* SIGTRACE_EVENT_OUTPUT_BPF_H */
