// SPDX-License-Identifier: GPL-2.0
/*
 * kill_only: the companion of trace_signal in kill-only mode.
 * - The target of every signal syscall, read from the kernel while the call
 *   generates its signal: trace_signal's syscall programs only have the
 *   call's arguments, which live in the sender's pid namespace and may name
 *   a whole group; here each target task is at hand (its name, host ids,
 *   namespaces, its id as the sender's pid namespace numbers it), read at
 *   that moment, so a target the signal kills at once is still named.
 * - The three signal syscalls the gadget does not follow: rt_sigqueueinfo
 *   (sigqueue(3)), rt_tgsigqueueinfo (pthread_sigqueue(3)) and
 *   pidfd_send_signal (Go's os.Process.Signal, runc, crun, systemd).
 *
 * A separate object, so that trace_signal keeps exactly its documented
 * programs and maps. The two are loaded apart (each may be loaded by a
 * loader program the kernel runs, which creates its own maps); user space
 * then puts trace_signal's `values` into `kill_calls`, and reads this
 * object's records into trace_signal's ring buffer. BTF-typed tracepoints need
 * neither tracefs nor BPF trampolines; when this object cannot load,
 * sigtrace traces the three gadget syscalls without it and says so.
 */
#include "core_types.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "signal_event.h"

#include "kill_calls.bpf.h"
#include "shared_events.bpf.h"

/* Slot 0: trace_signal's `values`, once both objects are loaded: hashed
 * here, an array of slots by tid in the other (kill_calls.bpf.h). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, __u32);
	__array(values, struct kill_calls_map);
} kill_calls SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, __u32);
	__array(values, struct kill_calls_by_tid_map);
} kill_calls_by_tid SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, __u32);
	__array(values, struct kill_calls_by_default_tid_map);
} kill_calls_by_default_tid SEC(".maps");

/* This object's records on kernels without a ring buffer: user space turns
 * it into a perf event array and reads it beside trace_signal's. With a
 * ring buffer, records go to trace_signal's (shared_events.bpf.h). */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct sigtrace_event_with_stack);
} gadget_heap SEC(".maps");

/* The same namespaces as trace_signal's map: user space fills both. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u64);
	__type(value, __u32);
} gadget_mntns_filter_map SEC(".maps");

/* trace_signal's settings, copied here by user space. */
const volatile struct sigtrace_config config = {};

__u64 lost_events = 0;
__u64 lost_calls = 0;
__u64 last_wakeup_ns = 0;
/* Set by user space once kill_only deletes the slots of exiting threads
 * (kill_calls.bpf.h). */
__u32 keep_call_slots = 0;

#include "task_reading.bpf.h"
#include "filters.bpf.h"
#include "event_output.bpf.h"
#include "origin.bpf.h"
#include "fate_facts.bpf.h"
#include "kill_call_programs.bpf.h"

static __always_inline void *kill_calls_values(void)
{
	const __u32 zero = 0;

	if (config.call_slot_tids == SIGTRACE_DEFAULT_TID_SLOTS)
		return bpf_map_lookup_elem(&kill_calls_by_default_tid, &zero);
	if (config.call_slot_tids)
		return bpf_map_lookup_elem(&kill_calls_by_tid, &zero);
	return bpf_map_lookup_elem(&kill_calls, &zero);
}

static __always_inline __u32 target_matches(struct task_struct *task)
{
	__u32 matches = 0;

	if (config.match_tpid && (task->pid == config.tpid || task->tgid == config.tpid))
		matches |= SIGTRACE_MATCH_TPID;
	if (config.match_tcomm && same_comm(task->comm, config.tcomm))
		matches |= SIGTRACE_MATCH_TCOMM;
	return matches;
}

/* --fate: each signal a call generates, for its fate to be followed. */
static __always_inline void emit_generated(void *ctx, __u32 caller_tid,
					   const struct sigtrace_kill_call *call, int sig,
					   struct task_struct *task, int group, int result)
{
	struct sigtrace_generated record = {
		.header = {.timestamp_ns = bpf_ktime_get_boot_ns(),
			   .kind = SIGTRACE_RECORD_GENERATED},
		.caller_tid = caller_tid,
		.call_seq = call->call_seq,
		.tid = task->pid,
		.tgid = task->tgid,
		.sig = sig,
		.result = result,
		.group = group != 0,
		.fate_facts = fate_facts(task, sig),
	};

	output_record(ctx, &record, sizeof(record));
}

SEC("tp_btf/signal_generate")
int BPF_PROG(sigtrace_kill_target, int sig, struct kernel_siginfo *info, struct task_struct *task,
	     int group, int result)
{
	struct task_struct *sender = current_task();
	__u32 tid = (__u32)pid_tgid_of_current(sender);
	struct sigtrace_kill_call *call;
	void *values = kill_calls_values();

	if (!values)
		return 0;
	/* An entry is in flight only while this thread is inside a traced
	 * call; an interrupt on this CPU meanwhile may generate some other
	 * signal. */
	call = bpf_map_lookup_elem(values, &tid);
	if (!call || !call->in_flight || call->sig != sig)
		return 0;
	/* One entry per thread, written only by that thread: no races. */
	task = readable(task);
	call->ntargets++;
	call->matches |= target_matches(task);
	if (call->ntargets == 1) {
		read_task(task, &call->target);
		call->target_nspid = nspid_seen_by_current(sender, task);
	}
	if (config.follow_fates)
		emit_generated(ctx, tid, call, sig, task, group, result);
	return 0;
}

/*
 * A thread's slot in `values` outlives its calls while the slots are kept
 * (kill_calls.bpf.h): it goes when the thread does. Every thread on the
 * host passes here once; a lookup without a lock spares those that never
 * sent a signal the delete's. Slots by tid (an array) are never deleted:
 * user space then loads neither of these two programs.
 */
static __always_inline void drop_slot(__u32 tid)
{
	void *values = kill_calls_values();

	if (values && bpf_map_lookup_elem(values, &tid))
		bpf_map_delete_elem(values, &tid);
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(sigtrace_thread_exit)
{
	drop_slot((__u32)bpf_get_current_pid_tgid());
	return 0;
}

/* A thread other than the main one that execs takes the process's id, and
 * the main thread (which left first) its own: nobody exits by the old id. */
SEC("tp_btf/sched_process_exec")
int BPF_PROG(sigtrace_thread_exec, struct task_struct *task, pid_t old_tid)
{
	if (old_tid != (pid_t)bpf_get_current_pid_tgid())
		drop_slot((__u32)old_tid);
	return 0;
}

/* What the caller put in si_code (sigqueue: SI_QUEUE). */
static __always_inline __s32 user_si_code(const void *uinfo)
{
	__s32 code = 0;

	bpf_probe_read_user(&code, sizeof(code), (const char *)uinfo + 8);
	return code;
}

static __always_inline int queue_enter(pid_t pid_arg, pid_t tgid_arg, int sig, const void *uinfo,
				       __u32 source)
{
	void *values = kill_calls_values();
	struct sigtrace_kill_call call = {
		.pid_arg = pid_arg,
		.tgid_arg = tgid_arg,
		.sig = sig,
		.source = source,
		.code = user_si_code(uinfo),
	};

	return values ? kill_enter(values, &call) : 0;
}

static __always_inline int call_exit(void *ctx, long ret)
{
	void *values = kill_calls_values();

	return values ? kill_exit(ctx, values, ret) : 0;
}

/*
 * The process behind a pidfd: the struct pid its file holds (the inode's
 * since pidfs, 6.9; the file's own before), even when the process is gone.
 */
static __always_inline void read_pidfd_target(int fd, struct sigtrace_kill_call *call)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct fdtable *fdt = BPF_CORE_READ(task, files, fdt);
	struct file **fds = BPF_CORE_READ(fdt, fd);
	struct file *file = NULL;
	struct pid *pid;

	if (fd < 0 || (unsigned int)fd >= BPF_CORE_READ(fdt, max_fds))
		return;
	bpf_core_read(&file, sizeof(file), &fds[fd]);
	if (!file)
		return;
	pid = BPF_CORE_READ(file, f_inode, i_private);
	if (!pid)
		pid = BPF_CORE_READ(file, private_data);
	if (!pid)
		return;
	call->target.tgid = BPF_CORE_READ(pid, numbers[0].nr);
	call->target.tid = call->target.tgid;
}

SEC("tracepoint/syscalls/sys_enter_rt_sigqueueinfo")
int sigtrace_sigqueue_e(struct trace_event_raw_sys_enter *ctx)
{
	return queue_enter((pid_t)ctx->args[0], 0, (int)ctx->args[1], (const void *)ctx->args[2],
			   SIGTRACE_SOURCE_RT_SIGQUEUEINFO);
}

SEC("tracepoint/syscalls/sys_exit_rt_sigqueueinfo")
int sigtrace_sigqueue_x(struct trace_event_raw_sys_exit *ctx)
{
	return call_exit(ctx, ctx->ret);
}

SEC("tracepoint/syscalls/sys_enter_rt_tgsigqueueinfo")
int sigtrace_tgsigqueue_e(struct trace_event_raw_sys_enter *ctx)
{
	return queue_enter((pid_t)ctx->args[1], (pid_t)ctx->args[0], (int)ctx->args[2],
			   (const void *)ctx->args[3], SIGTRACE_SOURCE_RT_TGSIGQUEUEINFO);
}

SEC("tracepoint/syscalls/sys_exit_rt_tgsigqueueinfo")
int sigtrace_tgsigqueue_x(struct trace_event_raw_sys_exit *ctx)
{
	return call_exit(ctx, ctx->ret);
}

SEC("tracepoint/syscalls/sys_enter_pidfd_send_signal")
int sigtrace_pidfd_e(struct trace_event_raw_sys_enter *ctx)
{
	void *values = kill_calls_values();
	struct sigtrace_kill_call call = {
		.pid_arg = (int)ctx->args[0],
		.sig = (int)ctx->args[1],
		.source = SIGTRACE_SOURCE_PIDFD_SEND_SIGNAL,
		.call_flags = (__u32)ctx->args[3],
	};

	if (!values)
		return 0;
	/* A siginfo of the caller's, when it passes one. */
	if (ctx->args[2])
		call.code = user_si_code((const void *)ctx->args[2]);
	read_pidfd_target((int)ctx->args[0], &call);
	return kill_enter(values, &call);
}

SEC("tracepoint/syscalls/sys_exit_pidfd_send_signal")
int sigtrace_pidfd_x(struct trace_event_raw_sys_exit *ctx)
{
	return call_exit(ctx, ctx->ret);
}

char LICENSE[] SEC("license") = "GPL";
