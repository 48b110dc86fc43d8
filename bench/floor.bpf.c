// SPDX-License-Identifier: GPL-2.0
/*
 * The floor: programs that do nothing, on the attach points sigtrace uses.
 * What a tracer costs above this is its own work; this much is what the
 * kernel charges for having a program there at all. Bench only.
 */
#include "core_types.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

SEC("tp_btf/signal_generate")
int BPF_PROG(floor_generate)
{
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_kill")
int floor_kill_e(void *ctx)
{
	return 0;
}

SEC("tracepoint/syscalls/sys_exit_kill")
int floor_kill_x(void *ctx)
{
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_tkill")
int floor_tkill_e(void *ctx)
{
	return 0;
}

SEC("tracepoint/syscalls/sys_exit_tkill")
int floor_tkill_x(void *ctx)
{
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_tgkill")
int floor_tgkill_e(void *ctx)
{
	return 0;
}

SEC("tracepoint/syscalls/sys_exit_tgkill")
int floor_tgkill_x(void *ctx)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
