/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The layout shared by the BPF programs and user space: what one traced
 * signal looks like on the wire, and what a syscall's entry leaves in the
 * `values` map for its exit. Fixed-width fields only, no implicit padding.
 *
 * Words used alike on both sides:
 * - the sender: the task that was running when the signal was generated
 *   (or that made the kill/tkill/tgkill call);
 * - the target: the task the kernel generated the signal for, as the kernel
 *   resolved it (host ids);
 * - the call's arguments (kill-only mode): the pid/tid and tgid the sender
 *   passed, in the sender's pid namespace, 0 and negative values included.
 */
#ifndef SIGTRACE_SIGNAL_EVENT_H
#define SIGTRACE_SIGNAL_EVENT_H

#if !defined(__bpf__)
#include <linux/types.h>
#endif

#define SIGTRACE_COMM_LEN 16
#define SIGTRACE_MAX_SIGNAL 64

/* What a record in the events buffer is; every record starts with a header. */
enum sigtrace_record_kind {
	SIGTRACE_RECORD_SIGNAL = 1, /* struct sigtrace_event */
};

struct sigtrace_record_header {
	__u64 timestamp_ns; /* CLOCK_BOOTTIME */
	__u16 kind;	    /* enum sigtrace_record_kind */
	__u16 reserved[3];
};

/* Where an event comes from. */
enum sigtrace_source {
	SIGTRACE_SOURCE_GENERATE = 0, /* tracepoint signal/signal_generate */
	SIGTRACE_SOURCE_KILL = 1,     /* kill(2) */
	SIGTRACE_SOURCE_TKILL = 2,    /* tkill(2) */
	SIGTRACE_SOURCE_TGKILL = 3,   /* tgkill(2) */
};

/* A task as the kernel describes it; every id is the host's. */
struct sigtrace_task {
	__u64 mntns_id; /* 0: exiting (it has left its namespaces), or unknown */
	__u32 pidns_id; /* the pid namespace it lives in */
	/* Its depth: 0 is the host's, where a kill() argument means a host pid. */
	__u32 pidns_level;
	__u32 tgid; /* process id; 0 when unknown */
	__u32 tid;  /* thread id; 0 when unknown */
	char comm[SIGTRACE_COMM_LEN];
};

struct sigtrace_event {
	struct sigtrace_record_header header;
	struct sigtrace_task sender;
	struct sigtrace_task target;
	__u32 ppid; /* sender's parent: process id */
	__u32 ptid; /* sender's parent: thread id */
	__u32 uid;  /* sender's */
	__u32 gid;
	char pcomm[SIGTRACE_COMM_LEN]; /* sender's parent */
	__s32 sig;
	/* syscalls: the call's errno (0: success); signal_generate: si_errno */
	__s32 error;
	__s32 code;   /* signal_generate: si_code */
	__s32 result; /* signal_generate: enum trace_signal_result */
	/* kill-only: the call's arguments (pid or tid, and tgkill's tgid). */
	__s32 pid_arg;
	__s32 tgid_arg;
	/* The target's thread id as the sender's pid namespace numbers it; 0
	 * when it is not visible there or unknown. */
	__s32 target_nspid;
	__u32 ntargets; /* kill-only: tasks the call generated the signal for */
	__u8 source;	/* enum sigtrace_source */
	__u8 group;	/* 1 = sent to the whole process */
	__u8 reserved[6];
};

/*
 * What a kill/tkill/tgkill entry saves under the caller's tid for the exit
 * to emit. kill_targets fills in the target in between, each time the call
 * generates a signal.
 */
struct sigtrace_kill_call {
	__s32 pid_arg;
	__s32 tgid_arg;
	__s32 sig;
	__u32 source;
	__u32 ntargets;
	__s32 target_nspid;	     /* the first target's, in the sender's view */
	struct sigtrace_task target; /* the first one */
};

enum sigtrace_mntns_filter {
	SIGTRACE_MNTNS_ALL = 0,	   /* no mount namespace filter */
	SIGTRACE_MNTNS_ONLY = 1,   /* keep senders in gadget_mntns_filter_map */
	SIGTRACE_MNTNS_EXCEPT = 2, /* drop senders in gadget_mntns_filter_map */
};

/*
 * The settings user space writes into .rodata before load. The verifier sees
 * them as constants, so a filter that is off costs no instruction at all.
 */
struct sigtrace_config {
	__u8 use_ringbuf;  /* events is a ring buffer, else a perf event array */
	__u8 filter_mntns; /* enum sigtrace_mntns_filter */
	__u8 failed_only;  /* syscalls: the call failed; generate: not delivered */
	__u8 match_pid;
	__u8 match_tid;
	__u8 match_uid;
	__u8 match_gid;
	__u8 match_tpid;
	__u8 match_comm;
	__u8 match_signal;
	__u8 have_task_btf;   /* the kernel has bpf_get_current_task_btf() (5.11) */
	__u8 untrusted_reads; /* and bpf_rdonly_cast() (6.2): see task_reading.bpf.h */
	__u32 pid;
	__u32 tid;
	__u32 uid;
	__u32 gid;
	__s32 tpid;
	/* sigtrace itself: the signals it causes itself are not traced. */
	__u32 self_tgid;
	__u32 reserved2;
	__u64 signals[2]; /* bit n set: signal n (0..64) passes */
	/* Ring buffer wakeups: for an event after a quiet spell this long. */
	__u64 wakeup_interval_ns;
	char comm[SIGTRACE_COMM_LEN];
};

#endif /* SIGTRACE_SIGNAL_EVENT_H */
