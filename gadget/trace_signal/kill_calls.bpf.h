/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `values`: the kill/tkill/tgkill calls in flight, by caller tid, from the
 * syscall's entry to its exit. trace_signal owns it; kill_targets fills in
 * each call's target through an outer map that holds it, whose inner map
 * must be declared alike: both take the layout from here.
 */
#ifndef SIGTRACE_KILL_CALLS_BPF_H
#define SIGTRACE_KILL_CALLS_BPF_H

#define MAX_INFLIGHT_CALLS 10240

/*
 * Sizes rather than types: kill_targets only reaches the value through a
 * pointer, for which clang would describe the struct as a mere forward
 * declaration, and libbpf refuses an inner map of unknown value size.
 */
struct kill_calls_map {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MAX_INFLIGHT_CALLS);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(struct sigtrace_kill_call));
};

#endif /* SIGTRACE_KILL_CALLS_BPF_H */
