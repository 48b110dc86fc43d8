// SPDX-License-Identifier: GPL-2.0
/*
 * kill_targets: in kill-only mode, the target of each kill/tkill/tgkill
 * call, read from the kernel while the call generates its signal.
 * trace_signal's syscall programs only have the call's arguments, which
 * live in the sender's pid namespace and may name a whole group; here each
 * target task is at hand: its name, host ids, namespaces and its id as the
 * sender's pid namespace numbers it. Read at that moment, a target that the
 * signal kills at once is still named correctly.
 *
 * The results go into the call's entry in trace_signal's `values` map; the
 * syscall's exit program emits them. A separate object, so that trace_signal
 * keeps exactly its documented programs and maps. The two objects are
 * loaded apart (each may be loaded by a loader program the kernel runs, which
 * creates its own maps), then user space puts `values` into `kill_calls`.
 * BTF-typed tracepoints need neither tracefs nor BPF trampolines; when this
 * object cannot load, sigtrace traces without it and says so.
 */
#include "core_types.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "signal_event.h"

#include "kill_calls.bpf.h"

/* Slot 0: trace_signal's `values`, once both objects are loaded. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, __u32);
	__array(values, struct kill_calls_map);
} kill_calls SEC(".maps");

/* trace_signal's settings, copied here by user space. */
const volatile struct sigtrace_config config = {};

#include "task_reading.bpf.h"

SEC("tp_btf/signal_generate")
int BPF_PROG(sigtrace_kill_target, int sig, struct kernel_siginfo *info, struct task_struct *task,
	     int group, int result)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	const __u32 zero = 0;
	struct sigtrace_kill_call *call;
	void *values;

	values = bpf_map_lookup_elem(&kill_calls, &zero);
	if (!values)
		return 0;
	/* An entry exists only while this thread is inside a traced call; an
	 * interrupt on this CPU meanwhile may generate some other signal. */
	call = bpf_map_lookup_elem(values, &tid);
	if (!call || call->sig != sig)
		return 0;
	/* One entry per thread, written only by that thread: no races. */
	call->ntargets++;
	if (call->ntargets == 1) {
		task = readable(task);
		read_task(task, &call->target);
		call->target_nspid = nspid_seen_by_current(task);
	}
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
