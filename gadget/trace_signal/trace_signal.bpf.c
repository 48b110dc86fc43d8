// SPDX-License-Identifier: GPL-2.0
/*
 * trace_signal: every signal the kernel generates (signal_generate) or, in
 * kill-only mode, every kill/tkill/tgkill call with its outcome.
 *
 * The programs and maps here are exactly those of the gadget's developer
 * notes (DEVELOPER.md); `sigtrace inspect` must keep drawing the same
 * diagrams. Settings and counters live in .rodata and .bss, never in extra
 * maps. Additions go into separate objects (see kill_targets.bpf.c).
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
	__type(value, struct sigtrace_event);
} gadget_heap SEC(".maps");

/* Mount namespaces kept (or dropped) when config.filter_mntns says so. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u64);
	__type(value, __u32);
} gadget_mntns_filter_map SEC(".maps");

/* kill/tkill/tgkill calls in flight, by caller tid; kill_targets reads and
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

#include "task_reading.bpf.h"
#include "filters.bpf.h"

#define SIGALRM 14
#define SI_USER 0
#define SI_KERNEL 0x80

/* The ring buffer's next record, or the CPU's scratch slot on the perf path. */
static __always_inline struct sigtrace_event *event_reserve(struct sigtrace_event *slot)
{
	if (config.use_ringbuf)
		return bpf_ringbuf_reserve(&events, sizeof(struct sigtrace_event), 0);
	return slot;
}

static __always_inline struct sigtrace_event *heap_slot(void)
{
	const __u32 zero = 0;

	return bpf_map_lookup_elem(&gadget_heap, &zero);
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

static __always_inline void event_submit(void *ctx, struct sigtrace_event *event)
{
	if (config.use_ringbuf) {
		bpf_ringbuf_submit(event, ringbuf_wakeup_flags(event->header.timestamp_ns));
		return;
	}
	if (bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, event, sizeof(*event)) < 0)
		__sync_fetch_and_add(&lost_events, 1);
}

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

/*
 * What the kernel's own trace record says: SEND_SIG_NOINFO (0) is a
 * signal from user space, SEND_SIG_PRIV (1) one from the kernel.
 */
static __always_inline void fill_siginfo(struct sigtrace_event *event, struct kernel_siginfo *info)
{
	if ((unsigned long)info <= 1) {
		event->error = 0;
		event->code = info ? SI_KERNEL : SI_USER;
		return;
	}
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

SEC("tp_btf/signal_generate")
int BPF_PROG(ig_sig_generate, int sig, struct kernel_siginfo *info, struct task_struct *target,
	     int group, int result)
{
	struct sender_ids ids = current_ids();
	struct sigtrace_event *event;

	target = readable(target);
	if (!sender_matches(&ids) || !generated_signal_matches(sig, result) ||
	    !generated_target_matches(target->pid, target->tgid) ||
	    caused_by_sigtrace(sig, target, &ids))
		return 0;
	if (!mntns_matches())
		return 0;
	event = event_reserve(config.use_ringbuf ? NULL : heap_slot());
	if (!event) {
		__sync_fetch_and_add(&lost_events, 1);
		return 0;
	}
	fill_common(event, &ids, sig);
	read_task(target, &event->target);
	event->target_nspid = nspid_seen_by_current(target);
	fill_siginfo(event, info);
	event->result = result;
	event->pid_arg = 0;
	event->tgid_arg = 0;
	event->ntargets = 1;
	event->source = SIGTRACE_SOURCE_GENERATE;
	event->group = group != 0;
	event_submit(ctx, event);
	return 0;
}

static __always_inline int kill_enter(pid_t pid_arg, pid_t tgid_arg, int sig, __u32 source)
{
	struct sender_ids ids = ids_to_filter();
	__u32 tid = (__u32)ids.pid_tgid;
	struct sigtrace_kill_call call = {
		.pid_arg = pid_arg,
		.tgid_arg = tgid_arg,
		.sig = sig,
		.source = source,
	};

	if (!sender_matches(&ids) || !signal_matches(sig))
		return 0;
	/* tgkill names the process too; kill and tkill pass no tgid (0). */
	if (config.match_tpid && pid_arg != config.tpid &&
	    !(source == SIGTRACE_SOURCE_TGKILL && tgid_arg == config.tpid))
		return 0;
	if (!mntns_matches())
		return 0;
	if (bpf_map_update_elem(&values, &tid, &call, BPF_ANY))
		__sync_fetch_and_add(&lost_calls, 1);
	return 0;
}

static __always_inline void fill_kill_event(struct sigtrace_event *event,
					    const struct sigtrace_kill_call *call, long ret)
{
	struct sender_ids ids = current_ids();

	fill_common(event, &ids, call->sig);
	event->target = call->target;
	event->target_nspid = call->target_nspid;
	event->error = ret < 0 ? (int)-ret : 0;
	event->code = 0;
	event->result = 0;
	event->pid_arg = call->pid_arg;
	event->tgid_arg = call->tgid_arg;
	event->ntargets = call->ntargets;
	event->source = call->source;
	event->group = call->source == SIGTRACE_SOURCE_KILL;
}

static __always_inline int kill_exit(void *ctx, long ret)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct sigtrace_kill_call *call;
	struct sigtrace_event *event;

	call = bpf_map_lookup_elem(&values, &tid);
	if (!call)
		return 0;
	if (!config.failed_only || ret < 0) {
		event = event_reserve(config.use_ringbuf ? NULL : heap_slot());
		if (event) {
			fill_kill_event(event, call, ret);
			event_submit(ctx, event);
		} else {
			__sync_fetch_and_add(&lost_events, 1);
		}
	}
	bpf_map_delete_elem(&values, &tid);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_kill")
int ig_sig_kill_e(struct trace_event_raw_sys_enter *ctx)
{
	return kill_enter((pid_t)ctx->args[0], 0, (int)ctx->args[1], SIGTRACE_SOURCE_KILL);
}

SEC("tracepoint/syscalls/sys_exit_kill")
int ig_sig_kill_x(struct trace_event_raw_sys_exit *ctx)
{
	return kill_exit(ctx, ctx->ret);
}

SEC("tracepoint/syscalls/sys_enter_tkill")
int ig_sig_tkill_e(struct trace_event_raw_sys_enter *ctx)
{
	return kill_enter((pid_t)ctx->args[0], 0, (int)ctx->args[1], SIGTRACE_SOURCE_TKILL);
}

SEC("tracepoint/syscalls/sys_exit_tkill")
int ig_sig_tkill_x(struct trace_event_raw_sys_exit *ctx)
{
	return kill_exit(ctx, ctx->ret);
}

SEC("tracepoint/syscalls/sys_enter_tgkill")
int ig_sig_tgkill_e(struct trace_event_raw_sys_enter *ctx)
{
	return kill_enter((pid_t)ctx->args[1], (pid_t)ctx->args[0], (int)ctx->args[2],
			  SIGTRACE_SOURCE_TGKILL);
}

SEC("tracepoint/syscalls/sys_exit_tgkill")
int ig_sig_tgkill_x(struct trace_event_raw_sys_exit *ctx)
{
	return kill_exit(ctx, ctx->ret);
}

char LICENSE[] SEC("license") = "GPL";
