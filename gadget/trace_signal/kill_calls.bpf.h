/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `values`: the kill/tkill/tgkill calls in flight, by caller tid, from the
 * syscall's entry to its exit. trace_signal owns it; user space hands the
 * same map to kill_targets, which fills in each call's target, so both
 * objects must declare it alike: both include it from here.
 */
#ifndef SIGTRACE_KILL_CALLS_BPF_H
#define SIGTRACE_KILL_CALLS_BPF_H

#define MAX_INFLIGHT_CALLS 10240

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MAX_INFLIGHT_CALLS);
	__type(key, __u32);
	__type(value, struct sigtrace_kill_call);
} values SEC(".maps");

#endif /* SIGTRACE_KILL_CALLS_BPF_H */
