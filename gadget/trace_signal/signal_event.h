/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The layout shared by the BPF programs and user space: what one traced
 * signal looks like on the wire, and what a syscall's entry leaves in the
 * `values` map for its exit. Fixed-width fields only, no implicit padding.
 */
#ifndef SIGTRACE_SIGNAL_EVENT_H
#define SIGTRACE_SIGNAL_EVENT_H

#if !defined(__bpf__)
#include <linux/types.h>
#endif

#define SIGTRACE_COMM_LEN 16
#define SIGTRACE_MAX_SIGNAL 64

/* Where an event comes from. */
enum sigtrace_source {
	SIGTRACE_SOURCE_GENERATE = 0, /* tracepoint signal/signal_generate */
	SIGTRACE_SOURCE_KILL = 1,     /* kill(2) */
	SIGTRACE_SOURCE_TKILL = 2,    /* tkill(2) */
	SIGTRACE_SOURCE_TGKILL = 3,   /* tgkill(2) */
};

struct sigtrace_event {
	__u64 timestamp_ns;    /* CLOCK_BOOTTIME */
	__u64 mntns_id;	       /* sender's mount namespace */
	__u64 target_mntns_id; /* target's mount namespace, 0 when unknown */
	__u32 pidns_id;	       /* sender's pid namespace: where a kill's pid argument lives */
	__u32 reserved0;
	__u32 pid;  /* sender: thread group id (host) */
	__u32 tid;  /* sender: thread id (host) */
	__u32 ppid; /* sender's parent: thread group id */
	__u32 ptid; /* sender's parent: thread id */
	__u32 uid;
	__u32 gid;
	/*
	 * signal_generate: the target's thread id (host view).
	 * kill/tkill/tgkill: the pid or tid argument as the sender passed it,
	 * so 0 and negative values (process groups, -1) come through as is.
	 */
	__s32 tpid;
	__s32 target_tgid; /* tgkill: its tgid argument; otherwise 0 */
	__u32 target_tid;  /* the target's thread id (host), 0 when unknown */
	__u32 ntargets;	   /* syscalls: tasks the call generated the signal for */
	__s32 sig;
	/* syscalls: the call's errno (0: success); signal_generate: si_errno */
	__s32 error;
	__s32 code;   /* signal_generate: si_code */
	__s32 result; /* signal_generate: enum trace_signal_result */
	__u8 source;  /* enum sigtrace_source */
	__u8 group;   /* signal_generate: 1 = sent to the whole process */
	__u8 reserved[6];
	char comm[SIGTRACE_COMM_LEN];  /* sender */
	char pcomm[SIGTRACE_COMM_LEN]; /* sender's parent */
	char tcomm[SIGTRACE_COMM_LEN]; /* target, empty when unknown */
};

/*
 * What a kill/tkill/tgkill entry saves under the caller's tid for the exit to
 * emit. The target fields are filled in between, by the optional
 * signal_target object, from the task the kernel checks permission against.
 */
struct sigtrace_kill_call {
	__s32 tpid;
	__s32 target_tgid;
	__s32 sig;
	__u32 source;
	__u32 ntargets;
	__u32 target_tid;
	__u64 target_mntns_id;
	char tcomm[SIGTRACE_COMM_LEN];
};

/*
 * The settings user space writes into .rodata before load. The verifier sees
 * them as constants, so a filter that is off costs no instruction at all.
 */
struct sigtrace_config {
	__u8 use_ringbuf;  /* events is a ring buffer, else a perf event array */
	__u8 filter_mntns; /* keep only mount namespaces in the filter map */
	__u8 failed_only;  /* syscalls: the call failed; generate: not delivered */
	__u8 match_pid;
	__u8 match_tid;
	__u8 match_uid;
	__u8 match_gid;
	__u8 match_tpid;
	__u8 match_comm;
	__u8 match_signal;
	__u8 reserved[2];
	__u32 pid;
	__u32 tid;
	__u32 uid;
	__u32 gid;
	__s32 tpid;
	__u64 signals[2]; /* bit n set: signal n (0..64) passes */
	/* Ring buffer wakeups: when this much is pending, or when the last
	 * wakeup is older than the interval (an event after a quiet spell). */
	__u64 wakeup_bytes;
	__u64 wakeup_interval_ns;
	char comm[SIGTRACE_COMM_LEN];
};

#endif /* SIGTRACE_SIGNAL_EVENT_H */
