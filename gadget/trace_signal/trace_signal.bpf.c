// SPDX-License-Identifier: GPL-2.0
/*
 * trace_signal: every signal the kernel generates (signal_generate) or, in
 * kill-only mode, every kill/tkill/tgkill call with its outcome.
 *
 * The programs and maps here are exactly those of the gadget's developer
 * notes (DEVELOPER.md); `sigtrace inspect` must keep drawing the same
 * diagrams. Settings and counters live in .rodata and .bss, never in extra
 * maps. Additions go into separate objects (see signal_target.bpf.c).
 */
#include "core_types.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>

#include "signal_event.h"

/*
 * A ring buffer where the kernel has one. User space turns it into a perf
 * event array (and uses gadget_heap) before load when it must.
 */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4 * 1024 * 1024);
} events SEC(".maps");

/* gadget_heap, gadget_mntns_filter_map and values: shared with signal_target. */
#include "shared_maps.bpf.h"

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

#include "filters.bpf.h"

/* The ring buffer's next record, or the CPU's scratch slot on the perf path. */
static __always_inline struct sigtrace_event *event_reserve(struct sigtrace_heap_slot *slot)
{
	if (config.use_ringbuf)
		return bpf_ringbuf_reserve(&events, sizeof(struct sigtrace_event), 0);
	return slot ? &slot->event : NULL;
}

static __always_inline struct sigtrace_heap_slot *heap_slot(void)
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
		bpf_ringbuf_submit(event, ringbuf_wakeup_flags(event->timestamp_ns));
		return;
	}
	if (bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, event, sizeof(*event)) < 0)
		__sync_fetch_and_add(&lost_events, 1);
}

/*
 * The pid namespace a pid lives in (for a task: where its kill() arguments
 * are resolved). The level indexes an array, which typed pointers cannot
 * do: helper reads from there on.
 */
static __always_inline __u32 pidns_id_of(struct pid *pid, unsigned int level)
{
	struct pid_namespace *ns = NULL;

	bpf_core_read(&ns, sizeof(ns), &pid->numbers[level].ns);
	return BPF_CORE_READ(ns, ns.inum);
}

static __always_inline void fill_task_fields(struct sigtrace_event *event)
{
	struct task_struct *task;
	struct task_struct *parent;
	struct pid *pid;
	unsigned int level;

	if (have_task_btf()) {
		task = bpf_get_current_task_btf();
		parent = task->real_parent;
		event->mntns_id = task->nsproxy->mnt_ns->ns.inum;
		event->ppid = parent->tgid;
		event->ptid = parent->pid;
		__builtin_memcpy(event->comm, task->comm, sizeof(event->comm));
		__builtin_memcpy(event->pcomm, parent->comm, sizeof(event->pcomm));
		pid = task->thread_pid;
		level = pid->level;
		/* Host processes (level 0) need no helper call. */
		event->pidns_id =
			level == 0 ? pid->numbers[0].ns->ns.inum : pidns_id_of(pid, level);
	} else {
		task = (struct task_struct *)bpf_get_current_task();
		parent = BPF_CORE_READ(task, real_parent);
		event->mntns_id = BPF_CORE_READ(task, nsproxy, mnt_ns, ns.inum);
		event->ppid = BPF_CORE_READ(parent, tgid);
		event->ptid = BPF_CORE_READ(parent, pid);
		bpf_get_current_comm(event->comm, sizeof(event->comm));
		bpf_core_read(event->pcomm, sizeof(event->pcomm), &parent->comm);
		pid = BPF_CORE_READ(task, thread_pid);
		level = BPF_CORE_READ(pid, level);
		event->pidns_id = pidns_id_of(pid, level);
	}
	event->pidns_level = level;
}

static __always_inline void fill_sender(struct sigtrace_event *event, const struct sender_ids *ids)
{
	event->timestamp_ns = bpf_ktime_get_boot_ns();
	event->pid = ids->pid_tgid >> 32;
	event->tid = (__u32)ids->pid_tgid;
	event->uid = (__u32)ids->uid_gid;
	event->gid = ids->uid_gid >> 32;
	__builtin_memset(event->reserved, 0, sizeof(event->reserved));
	event->pidns_level = 0;
	event->reserved_tail = 0;
	fill_task_fields(event);
}

SEC("tracepoint/signal/signal_generate")
int ig_sig_generate(struct trace_event_raw_signal_generate *ctx)
{
	struct sender_ids ids = current_ids();
	struct sigtrace_event *event;
	int sig = ctx->sig;
	pid_t tpid = ctx->pid;
	int result = ctx->result;
	struct sigtrace_heap_slot *slot;
	struct sigtrace_target target = {};

	if (!sender_matches(&ids) || !generated_signal_matches(sig, result))
		return 0;
	if (!mntns_matches())
		return 0;

	slot = heap_slot();
	if (slot && slot->note.sender_tid == (__u32)ids.pid_tgid && slot->note.sig == sig &&
	    slot->note.target.tid == (__u32)tpid) {
		target = slot->note.target;
		slot->note.sender_tid = 0;
	}
	/* The record has the target's thread; the note, when there is one, its
	 * process too. */
	if (!generated_target_matches(tpid, target.pid))
		return 0;
	event = event_reserve(slot);
	if (!event) {
		__sync_fetch_and_add(&lost_events, 1);
		return 0;
	}
	fill_sender(event, &ids);
	event->target_mntns_id = target.mntns_id;
	event->tpid = tpid;
	event->tgid_arg = 0;
	event->target_tid = tpid;
	event->target_pid = target.pid;
	event->target_nspid = target.nspid;
	event->ntargets = 1;
	event->sig = sig;
	event->error = ctx->errno;
	event->code = ctx->code;
	event->result = result;
	event->source = SIGTRACE_SOURCE_GENERATE;
	event->group = ctx->group != 0;
	if (target.tid) {
		__builtin_memcpy(event->tcomm, target.comm, sizeof(event->tcomm));
	} else {
		/* The record allows only aligned loads; one read copies it. */
		bpf_core_read(event->tcomm, sizeof(event->tcomm), &ctx->comm);
	}
	event_submit(ctx, event);
	return 0;
}

static __always_inline int kill_enter(pid_t tpid, pid_t tgid_arg, int sig, __u32 source)
{
	struct sender_ids ids = current_ids();
	__u32 tid = (__u32)ids.pid_tgid;
	struct sigtrace_kill_call call = {
		.tpid = tpid,
		.tgid_arg = tgid_arg,
		.sig = sig,
		.source = source,
	};

	if (!sender_matches(&ids) || !signal_matches(sig))
		return 0;
	/* tgkill names the process too; kill and tkill pass no tgid (0). */
	if (config.match_tpid && tpid != config.tpid &&
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

	fill_sender(event, &ids);
	event->target_mntns_id = call->target.mntns_id;
	event->tpid = call->tpid;
	event->tgid_arg = call->tgid_arg;
	event->target_tid = call->target.tid;
	event->target_pid = call->target.pid;
	event->target_nspid = call->target.nspid;
	event->ntargets = call->ntargets;
	event->sig = call->sig;
	event->error = ret < 0 ? (int)-ret : 0;
	event->code = 0;
	event->result = 0;
	event->source = call->source;
	event->group = call->source == SIGTRACE_SOURCE_KILL;
	__builtin_memcpy(event->tcomm, call->target.comm, sizeof(event->tcomm));
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
