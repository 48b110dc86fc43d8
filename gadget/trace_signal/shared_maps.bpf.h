/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The maps trace_signal shares with signal_target: user space creates each
 * once and hands it to both objects, whose declarations must therefore be
 * the same; both include them from here.
 */
#ifndef SIGTRACE_SHARED_MAPS_BPF_H
#define SIGTRACE_SHARED_MAPS_BPF_H

#define MAX_INFLIGHT_CALLS 10240

/*
 * Per-CPU scratch: the event being built on the perf event array path, and
 * signal_target's note about the signal being generated (signal_event.h).
 */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct sigtrace_heap_slot);
} gadget_heap SEC(".maps");

/* Mount namespaces kept (or dropped) when config.filter_mntns says so. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u64);
	__type(value, __u32);
} gadget_mntns_filter_map SEC(".maps");

/* kill/tkill/tgkill arguments, from entry to exit, by caller tid. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MAX_INFLIGHT_CALLS);
	__type(key, __u32);
	__type(value, struct sigtrace_kill_call);
} values SEC(".maps");

#endif /* SIGTRACE_SHARED_MAPS_BPF_H */
