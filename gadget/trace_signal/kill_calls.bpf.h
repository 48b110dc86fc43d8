/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The signal syscalls of kill-only mode: `values` holds the calls in
 * flight, by caller tid, from the syscall's entry to its exit. trace_signal
 * owns it and follows kill/tkill/tgkill; kill_only follows the other three
 * and fills in every call's target, through an outer map holding `values`,
 * whose inner map must be declared alike: both take the layout from here.
 */
#ifndef SIGTRACE_KILL_CALLS_BPF_H
#define SIGTRACE_KILL_CALLS_BPF_H

#define MAX_INFLIGHT_CALLS 10240

/*
 * Sizes rather than types: kill_only only reaches the value through a
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
