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
 *
 * Even that Update takes the bucket lock with interrupts off, and swaps the
 * entry for a spare one: bpf_stats read the entry at 300 ns with it, 190
 * with the array below. Where the host's tids are few (pid_max up to
 * 131072; the kernel's default is 32768), user space makes `values` an
 * array of pid_max slots before load, which kill_only reaches through an
 * outer map of its own (config.call_slot_tids picks it): an Update is then
 * a copy into the thread's own slot, a Lookup a bounds check, and the exits,
 * which cannot delete an array's entries, only clear `in_flight`. A tid
 * beyond the array (pid_max raised while sigtrace runs) fails its Update
 * and is counted in lost_calls. The verifier turns a Lookup of an array into
 * a few instructions, but not of one flagged BPF_F_INNER_MAP (its size may
 * differ from one inner map to the next): for the kernel's default pid_max,
 * the common case, `values` goes without the flag and kill_only reaches it
 * through an outer map of that exact size, so that both objects' Lookups
 * are inlined (a helper call fewer for each, 15 to 20 ns on the AMD host). The declaration below stays the seed's
 * hash: the object as built, and as inspected, is that.
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

/*
 * kill_only's view of `values` made an array of slots by tid: an inner map
 * whose size the outer map leaves open (BPF_F_INNER_MAP, which user space
 * then sets on `values` too), since libbpf 1.1 cannot resize an inner map
 * before load.
 */
struct kill_calls_by_tid_map {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__uint(map_flags, BPF_F_INNER_MAP);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(struct sigtrace_kill_call));
};

/* The same for SIGTRACE_DEFAULT_TID_SLOTS slots, without the flag. */
struct kill_calls_by_default_tid_map {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SIGTRACE_DEFAULT_TID_SLOTS);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(struct sigtrace_kill_call));
};

#endif /* SIGTRACE_KILL_CALLS_BPF_H */
