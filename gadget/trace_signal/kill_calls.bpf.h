/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The signal syscalls of kill-only mode: `values` holds the calls in
 * flight, by caller tid, from the syscall's entry to its exit. trace_signal
 * owns it and follows kill/tkill/tgkill; kill_only follows the other three
 * and fills in every call's target, through an outer map holding `values`,
 * whose inner map must be declared alike: both take the layout from here.
 *
 * The seed's protocol deletes a call's entry at its exit. Deleting costs a
 * hash map about 200 ns a call here (a bucket lock and a free-list lock,
 * both with interrupts off), as much as the whole event; an Update of a key
 * that is there already takes one lock and no free list. So once kill_only
 * runs, which deletes a thread's entry when the thread exits (or execs
 * under another id), user space sets `keep_call_slots` in both objects:
 * each thread then keeps its entry (its slot) between calls, marked
 * `in_flight` only from entry to exit, and the exits delete only while the
 * slots are not kept: before kill_only runs, without it, and once a call
 * found `values` full (lost_calls). The verbs stay the seed's.
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
