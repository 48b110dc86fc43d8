/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the programs around a signal syscall do, in trace_signal (kill,
 * tkill, tgkill) and in kill_only (the other three) alike: the entry saves
 * the call's arguments in `values`, the exit emits the call with its result
 * and its target. The object that includes this defines `config`, `events`,
 * `gadget_heap`, `gadget_mntns_filter_map` and the globals `lost_events`,
 * `lost_calls`, `last_wakeup_ns` and `keep_call_slots` (kill_calls.bpf.h).
 */
#ifndef SIGTRACE_KILL_CALL_PROGRAMS_BPF_H
#define SIGTRACE_KILL_CALL_PROGRAMS_BPF_H

/* The syscall numbers of x86-64, for the origin of a call's event. */
static __always_inline __s32 syscall_nr_of(__u32 source)
{
	switch (source) {
	case SIGTRACE_SOURCE_KILL: return 62;
	case SIGTRACE_SOURCE_TKILL: return 200;
	case SIGTRACE_SOURCE_TGKILL: return 234;
	case SIGTRACE_SOURCE_RT_SIGQUEUEINFO: return 129;
	case SIGTRACE_SOURCE_RT_TGSIGQUEUEINFO: return 297;
	default: return 424; /* pidfd_send_signal */
	}
}

/* -T: the argument as passed (tgkill names the process too). A call whose
 * argument does not match is followed anyway when -T is on: the target the
 * kernel resolves it to may match (a kill from inside a container). */
static __always_inline __u32 argument_matches(const struct sigtrace_kill_call *call)
{
	if (!config.match_tpid)
		return 0;
	/* A pidfd is no pid: the process behind it is what -T names. */
	if (call->source == SIGTRACE_SOURCE_PIDFD_SEND_SIGNAL)
		return call->target.tgid == (__u32)config.tpid ? SIGTRACE_MATCH_TPID : 0;
	if (call->pid_arg == config.tpid)
		return SIGTRACE_MATCH_ARGUMENT;
	if ((call->source == SIGTRACE_SOURCE_TGKILL ||
	     call->source == SIGTRACE_SOURCE_RT_TGSIGQUEUEINFO) &&
	    call->tgid_arg == config.tpid)
		return SIGTRACE_MATCH_ARGUMENT;
	return 0;
}

static __always_inline int kill_enter(void *values, struct sigtrace_kill_call *call)
{
	struct task_struct *task = current_task();
	struct sender_ids ids = ids_to_filter(task);
	__u32 tid = (__u32)ids.pid_tgid;

	if (!sender_matches(&ids) || !signal_matches(call->sig))
		return 0;
	if (!mntns_matches(task))
		return 0;
	call->matches = argument_matches(call);
	call->in_flight = 1;
	if (config.follow_fates)
		call->call_seq = (__u32)bpf_ktime_get_ns();
	if (bpf_map_update_elem(values, &tid, call, BPF_ANY))
		__sync_fetch_and_add(&lost_calls, 1);
	return 0;
}

/*
 * What the kernel could check of the targets. A call that generated no
 * signal (a probe, a refusal) named no target here: user space decides it
 * from /proc.
 */
static __always_inline bool call_targets_match(const struct sigtrace_kill_call *call)
{
	if (config.match_tpid && !(call->matches & (SIGTRACE_MATCH_ARGUMENT | SIGTRACE_MATCH_TPID)))
		return false;
	if (config.match_tcomm && call->ntargets > 0 && !(call->matches & SIGTRACE_MATCH_TCOMM))
		return false;
	return true;
}

static __always_inline void fill_kill_event(struct sigtrace_event *event, struct task_struct *task,
					    const struct sigtrace_kill_call *call, long ret)
{
	struct sender_ids ids = current_ids(task);

	fill_common(event, task, &ids, call->sig);
	event->target = call->target;
	event->target_nspid = call->target_nspid;
	event->error = ret < 0 ? (int)-ret : 0;
	event->code = call->code;
	event->result = 0;
	event->pid_arg = call->pid_arg;
	event->tgid_arg = call->tgid_arg;
	event->ntargets = call->ntargets;
	event->syscall_nr = syscall_nr_of(call->source);
	event->call_flags = call->call_flags;
	event->source = call->source;
	event->group = call->source == SIGTRACE_SOURCE_KILL ||
		       call->source == SIGTRACE_SOURCE_RT_SIGQUEUEINFO ||
		       call->source == SIGTRACE_SOURCE_PIDFD_SEND_SIGNAL;
	event->origin = SIGTRACE_ORIGIN_KNOWN | SIGTRACE_ORIGIN_TASK_STACK;
	event->call_seq = call->call_seq;
}

static __always_inline int kill_exit(void *ctx, void *values, long ret)
{
	struct task_struct *task = current_task();
	__u32 tid = (__u32)pid_tgid_of_current(task);
	struct sigtrace_kill_call *call;
	struct sigtrace_event *event;

	call = bpf_map_lookup_elem(values, &tid);
	/* Not in flight: a slot kept from an earlier call of this thread,
	 * whose entry now was filtered out. */
	if (!call || !call->in_flight)
		return 0;
	if ((!config.failed_only || ret < 0) && call_targets_match(call)) {
		event = event_reserve(scratch_slot(), false);
		if (event) {
			fill_kill_event(event, task, call, ret);
			event_submit(ctx, event, false);
		} else {
			__sync_fetch_and_add(&lost_events, 1);
		}
	}
	/* An array's slots cannot be deleted: they are always kept. */
	if (config.call_slot_tids || (keep_call_slots && !lost_calls))
		call->in_flight = 0;
	else
		bpf_map_delete_elem(values, &tid);
	return 0;
}
#endif /* SIGTRACE_KILL_CALL_PROGRAMS_BPF_H */
