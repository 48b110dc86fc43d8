// SPDX-License-Identifier: GPL-2.0
/*
 * trace_signal: every signal the kernel generates (signal_generate) or, in
 * kill-only mode, every kill/tkill/tgkill call with its outcome.
 *
 * The programs and maps here are exactly those of the gadget's developer
 * notes (DEVELOPER.md); `sigtrace inspect` must keep drawing the same
 * diagrams. Settings and counters live in .rodata and .bss, never in extra
 * maps. Additions go into separate objects (see kill_only.bpf.c).
 *
 * ig_sig_generate is a BTF-typed tracepoint: its arguments are the kernel's
 * own (the target task among them), so one program reads the whole signal,
 * with no tracefs and whatever else is attached to the tracepoint.
 */
#include "core_types.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "signal_event.h"

/*
 * A ring buffer where the kernel has one. User space turns it into a perf
 * event array (and uses gadget_heap) before load when it must.
 */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4 * 1024 * 1024);
} events SEC(".maps");

/* Per-CPU scratch: the event being built on the perf event array path. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct sigtrace_event_with_stack);
} gadget_heap SEC(".maps");

/* Mount namespaces kept (or dropped) when config.filter_mntns says so. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u64);
	__type(value, __u32);
} gadget_mntns_filter_map SEC(".maps");

/* kill/tkill/tgkill calls in flight, by caller tid; kill_only reads and
 * fills them too. */
#include "kill_calls.bpf.h"
struct kill_calls_map values SEC(".maps");

const volatile struct sigtrace_config config = {
	.use_ringbuf = 1,
	.wakeup_interval_ns = 50 * 1000 * 1000,
};

/* Events that could not be reserved or sent. */
__u64 lost_events = 0;
/* Calls not traced because `values` was full at entry. */
__u64 lost_calls = 0;
/* Boot time of the last forced ring buffer wakeup. */
__u64 last_wakeup_ns = 0;
/* Set by user space once kill_only deletes the slots of exiting threads
 * (kill_calls.bpf.h). */
__u32 keep_call_slots = 0;

static __always_inline void *events_ring(void)
{
	return &events;
}

#include "task_reading.bpf.h"
#include "filters.bpf.h"
#include "event_output.bpf.h"
#include "fate_facts.bpf.h"
#include "origin.bpf.h"
#include "kill_call_programs.bpf.h"

#define SIGALRM 14

/*
 * What the kernel's own trace record says: SEND_SIG_NOINFO (0) is a
 * signal from user space, SEND_SIG_PRIV (1) one from the kernel. Because
 * of those two, some kernels (6.12's) hand the program `info` as a number,
 * not a pointer; a read-only cast makes it one again, with no cost at run
 * time, wherever the kernel has the cast.
 */
static __always_inline void fill_siginfo(struct sigtrace_event *event, struct kernel_siginfo *info)
{
	if ((unsigned long)info <= 1) {
		event->error = 0;
		event->code = info ? SI_KERNEL : SI_USER;
		return;
	}
	if (config.untrusted_reads)
		info = bpf_rdonly_cast(info, bpf_core_type_id_kernel(struct kernel_siginfo));
	event->error = info->si_errno;
	event->code = info->si_code;
}

/* sigtrace's --timeout alarm, and what it signals itself (SIGPIPE). */
static __always_inline bool caused_by_sigtrace(int sig, struct task_struct *target,
					       const struct sender_ids *ids)
{
	return target->tgid == config.self_tgid &&
	       (sig == SIGALRM || (__u32)(ids->pid_tgid >> 32) == config.self_tgid);
}

static __always_inline bool target_matches(int sig, struct task_struct *target,
					   const struct sender_ids *ids)
{
	return generated_target_matches(target->pid, target->tgid) &&
	       tcomm_matches(target->comm) && !caused_by_sigtrace(sig, target, ids);
}

static __always_inline void fill_generated(struct sigtrace_event *event, struct task_struct *sender,
					   int sig, struct kernel_siginfo *info,
					   struct task_struct *target, int group, int result)
{
	read_task(target, &event->target);
	event->target_nspid = nspid_seen_by_current(sender, target);
	fill_siginfo(event, info);
	event->result = result;
	event->pid_arg = 0;
	event->tgid_arg = 0;
	event->ntargets = 1;
	event->call_flags = 0;
	event->source = SIGTRACE_SOURCE_GENERATE;
	event->group = group != 0;
	if (config.follow_fates)
		event->fate_facts = fate_facts(target, sig);
}

SEC("tp_btf/signal_generate")
int BPF_PROG(ig_sig_generate, int sig, struct kernel_siginfo *info, struct task_struct *target,
	     int group, int result)
{
	struct task_struct *sender = current_task();
	struct sender_ids ids = current_ids(sender);
	struct sigtrace_event_with_stack *slot;
	struct sigtrace_event *event;
	bool with_stack;

	target = readable(target);
	if (!sender_matches(&ids) || !generated_signal_matches(sig, result) ||
	    !target_matches(sig, target, &ids))
		return 0;
	if (!mntns_matches(sender))
		return 0;
	slot = scratch_slot();
	/* Room for the sender's stack in the rare records that may carry one
	 * (the kernel's own SIGKILL); read_origin() says whether it does. */
	with_stack = sig == SIGKILL && (unsigned long)info == 1;
	/* One value for both uses: recomputed, it would test the pointer again. */
	barrier_var(with_stack);
	event = event_reserve(slot, with_stack);
	if (!event) {
		__sync_fetch_and_add(&lost_events, 1);
		return 0;
	}
	fill_common(event, sender, &ids, sig);
	fill_generated(event, sender, sig, info, target, group, result);
	if (read_origin(ctx, event, sender, info, with_stack))
		read_stack(ctx, (struct sigtrace_event_with_stack *)event);
	else if (with_stack)
		((struct sigtrace_event_with_stack *)event)->nframes = 0;
	event_submit(ctx, event, with_stack);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_kill")
int ig_sig_kill_e(struct trace_event_raw_sys_enter *ctx)
{
	struct sigtrace_kill_call call = {
		.pid_arg = (pid_t)ctx->args[0],
		.sig = (int)ctx->args[1],
		.source = SIGTRACE_SOURCE_KILL,
	};
	return kill_enter(&values, &call);
}

SEC("tracepoint/syscalls/sys_exit_kill")
int ig_sig_kill_x(struct trace_event_raw_sys_exit *ctx)
{
	return kill_exit(ctx, &values, ctx->ret);
}

SEC("tracepoint/syscalls/sys_enter_tkill")
int ig_sig_tkill_e(struct trace_event_raw_sys_enter *ctx)
{
	struct sigtrace_kill_call call = {
		.pid_arg = (pid_t)ctx->args[0],
		.sig = (int)ctx->args[1],
		.source = SIGTRACE_SOURCE_TKILL,
	};
	return kill_enter(&values, &call);
}

SEC("tracepoint/syscalls/sys_exit_tkill")
int ig_sig_tkill_x(struct trace_event_raw_sys_exit *ctx)
{
	return kill_exit(ctx, &values, ctx->ret);
}

SEC("tracepoint/syscalls/sys_enter_tgkill")
int ig_sig_tgkill_e(struct trace_event_raw_sys_enter *ctx)
{
	struct sigtrace_kill_call call = {
		.pid_arg = (pid_t)ctx->args[1],
		.tgid_arg = (pid_t)ctx->args[0],
		.sig = (int)ctx->args[2],
		.source = SIGTRACE_SOURCE_TGKILL,
	};
	return kill_enter(&values, &call);
}

SEC("tracepoint/syscalls/sys_exit_tgkill")
int ig_sig_tgkill_x(struct trace_event_raw_sys_exit *ctx)
{
	return kill_exit(ctx, &values, ctx->ret);
}

char LICENSE[] SEC("license") = "GPL";
