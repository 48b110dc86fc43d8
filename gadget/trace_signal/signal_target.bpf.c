// SPDX-License-Identifier: GPL-2.0
/*
 * signal_target: the target of each signal, read from the kernel while the
 * signal is generated. trace_signal alone only has the target's thread id
 * (signal_generate) or the pid argument a kill/tkill/tgkill call passed,
 * which lives in the sender's pid namespace and may name a whole group.
 * Here each target task is at hand: its name, host ids, mount namespace and
 * its id as the sender's pid namespace numbers it. Read at that moment, a
 * target that the signal kills at once is still named correctly.
 *
 * The results go into trace_signal's own maps, which user space shares with
 * this object before loading it:
 * - kill-only mode: the call's entry in `values`, emitted at syscall exit;
 * - default mode: a note in this CPU's `gadget_heap` slot, which
 *   ig_sig_generate reads right after (see struct sigtrace_target_note).
 * A separate object, so that trace_signal keeps exactly its documented
 * programs and maps. BTF-typed raw tracepoints need neither tracefs nor BPF
 * trampolines, and the typed task pointers need Linux 5.11; when this
 * object cannot load, sigtrace traces without it.
 *
 * Ordering: a tracepoint runs its probes in the order they were attached,
 * and all perf events on one tracepoint share one probe. sigtrace attaches
 * this object before creating trace_signal's perf event, so the note is
 * written before ig_sig_generate reads it, unless another tool already had
 * a perf event on signal_generate: then ig_sig_generate runs first and finds
 * no note for its signal (or the one left by an identical earlier signal:
 * same sender, signal and target task), and user space places the target
 * by the last scan of /proc.
 */
#include "core_types.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "signal_event.h"

/* trace_signal's maps: user space hands the same ones to both objects. */
#include "shared_maps.bpf.h"

/* trace_signal's settings, copied here by user space. */
const volatile struct sigtrace_config config = {};

#include "filters.bpf.h"

/*
 * The target's thread id as the pid namespace of the current task (the
 * sender) numbers it: 0 when the target is not visible from there. A host
 * sender sees host pids; the array walk is for senders in containers.
 */
static __always_inline __s32 nspid_seen_by_current(struct task_struct *target)
{
	struct task_struct *current = bpf_get_current_task_btf();
	struct pid *current_pid = current->thread_pid;
	struct pid *target_pid = target->thread_pid;
	unsigned int level = current_pid->level;
	struct pid_namespace *ns = NULL;
	struct upid seen = {};
	__s32 host_tid = target->pid;

	/* Loaded here, not sunk into one load shared with the stack read below:
	 * the verifier refuses an instruction used with two kinds of pointer. */
	barrier_var(host_tid);

	if (level == 0)
		return host_tid;
	if (target_pid->level < level)
		return 0; /* the target lives above the sender's namespace */
	bpf_core_read(&ns, sizeof(ns), &current_pid->numbers[level].ns);
	bpf_core_read(&seen, sizeof(seen), &target_pid->numbers[level]);
	return seen.ns == ns ? seen.nr : 0;
}

/* Typed pointers from the tracepoint: plain loads, no helper calls. */
static __always_inline void read_target(struct task_struct *task, struct sigtrace_target *target)
{
	target->tid = task->pid;
	target->pid = task->tgid;
	target->mntns_id = task->nsproxy->mnt_ns->ns.inum;
	target->nspid = nspid_seen_by_current(task);
	target->reserved = 0;
	__builtin_memcpy(target->comm, task->comm, sizeof(target->comm));
}

SEC("tp_btf/signal_generate")
int BPF_PROG(sigtrace_kill_target, int sig, struct kernel_siginfo *info, struct task_struct *task,
	     int group, int result)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct sigtrace_kill_call *call;

	/* An entry exists only while this thread is inside a traced call; an
	 * interrupt on this CPU meanwhile may generate some other signal. */
	call = bpf_map_lookup_elem(&values, &tid);
	if (!call || call->sig != sig)
		return 0;
	/* One entry per thread, written only by that thread: no races. */
	call->ntargets++;
	if (call->ntargets == 1)
		read_target(task, &call->target);
	return 0;
}

SEC("tp_btf/signal_generate")
int BPF_PROG(sigtrace_note_target, int sig, struct kernel_siginfo *info, struct task_struct *task,
	     int group, int result)
{
	const __u32 zero = 0;
	struct sigtrace_heap_slot *slot;
	struct sender_ids ids = current_ids();

	/* No note for what ig_sig_generate drops: filtered signals cost little. */
	if (!sender_matches(&ids) || !generated_signal_matches(sig, result) ||
	    !generated_target_matches(task->pid, task->tgid))
		return 0;
	if (!mntns_matches())
		return 0;
	slot = bpf_map_lookup_elem(&gadget_heap, &zero);
	if (!slot)
		return 0;
	read_target(task, &slot->note.target);
	slot->note.sig = sig;
	slot->note.sender_tid = (__u32)ids.pid_tgid;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
