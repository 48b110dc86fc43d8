// SPDX-License-Identifier: GPL-2.0
/*
 * signal_target: who a kill/tkill/tgkill call reached, from the kernel
 * itself. The syscall tracepoints only see the pid argument, which lives in
 * the sender's pid namespace and may name a whole group. When the call
 * generates a signal, this program sees each real target task and writes
 * its name, host thread id and mount namespace into the call's entry in
 * trace_signal's `values` map (user space shares the map between the two
 * objects); trace_signal's exit program emits them. A target that is killed
 * at once is still named correctly: it is read while the signal is sent.
 *
 * A separate object, so that trace_signal keeps exactly its documented
 * programs and maps. A BTF-typed raw tracepoint needs neither tracefs nor
 * BPF trampolines; when it cannot load, kill-only mode still traces.
 */
#include "core_types.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "signal_event.h"

/* Replaced by trace_signal's map before load; the definition must match. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, struct sigtrace_kill_call);
} values SEC(".maps");

SEC("tp_btf/signal_generate")
int BPF_PROG(sigtrace_kill_target, int sig, struct kernel_siginfo *info, struct task_struct *target,
	     int group, int result)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct sigtrace_kill_call *call;

	/* An entry exists only while this thread is inside a traced call. */
	call = bpf_map_lookup_elem(&values, &tid);
	if (!call)
		return 0;
	/* One entry per thread, written only by that thread: no races. */
	call->ntargets++;
	if (call->ntargets == 1) {
		call->target_tid = BPF_CORE_READ(target, pid);
		call->target_mntns_id = BPF_CORE_READ(target, nsproxy, mnt_ns, ns.inum);
		bpf_core_read_str(call->tcomm, sizeof(call->tcomm), &target->comm);
	}
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
