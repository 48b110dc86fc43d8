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
	__u64 mntns_id;	       /* sender's mount namespace; 0 once it is exiting */
	__u64 target_mntns_id; /* target's mount namespace, 0 when unknown */
	__u32 pidns_id;	       /* sender's pid namespace: where a kill's pid argument lives */
	__u32 pid;	       /* sender: thread group id (host) */
	__u32 tid;	       /* sender: thread id (host) */
	__u32 ppid;	       /* sender's parent: thread group id */
	__u32 ptid;	       /* sender's parent: thread id */
	__u32 uid;
	__u32 gid;
	/*
	 * signal_generate: the target's thread id (host view).
	 * kill/tkill/tgkill: the pid or tid argument as the sender passed it,
	 * so 0 and negative values (process groups, -1) come through as is.
	 */
	__s32 tpid;
	__s32 tgid_arg; /* tgkill: its tgid argument; otherwise 0 */
	/* The target as the kernel resolved it; 0 when unknown. */
	__u32 target_tid; /* thread id, host view */
	__u32 target_pid; /* thread group id, host view */
	/* The target's thread id in the sender's pid namespace; 0 when unknown */
	__s32 target_nspid;
	__u32 ntargets; /* syscalls: tasks the call generated the signal for */
	__s32 sig;
	/* syscalls: the call's errno (0: success); signal_generate: si_errno */
	__s32 error;
	__s32 code;   /* signal_generate: si_code */
	__s32 result; /* signal_generate: enum trace_signal_result */
	__u8 source;  /* enum sigtrace_source */
	__u8 group;   /* signal_generate: 1 = sent to the whole process */
	/* Depth of the sender's pid namespace: 0 is the host's, where a kill()
	 * argument means the same pid as on the host. */
	__u8 pidns_level;
	__u8 reserved[5];
	char comm[SIGTRACE_COMM_LEN];  /* sender */
	char pcomm[SIGTRACE_COMM_LEN]; /* sender's parent */
	char tcomm[SIGTRACE_COMM_LEN]; /* target, empty when unknown */
	__u32 reserved_tail;	       /* up to the 8-byte alignment, written as 0 */
};

/* The target of a signal, as signal_target reads it from the kernel. */
struct sigtrace_target {
	__u64 mntns_id;
	__u32 tid;
	__u32 pid;
	__s32 nspid; /* its tid in the sender's pid namespace, 0 if not visible there */
	__u32 reserved;
	char comm[SIGTRACE_COMM_LEN];
};

/*
 * What a kill/tkill/tgkill entry saves under the caller's tid for the exit to
 * emit. signal_target fills in the target in between, each time the call
 * generates a signal.
 */
struct sigtrace_kill_call {
	__s32 tpid;
	__s32 tgid_arg;
	__s32 sig;
	__u32 source;
	__u32 ntargets;
	__u32 reserved;
	struct sigtrace_target target; /* the first one */
};

/*
 * A per-CPU gadget_heap slot: the event being built on the perf buffer path,
 * and the note signal_target leaves for ig_sig_generate about the signal
 * being generated right now. Both programs run on the same CPU, one after
 * the other, under the target's signal lock with interrupts off; the stamp
 * (sender, target, signal) says which generation the note belongs to.
 */
struct sigtrace_target_note {
	__u32 sender_tid; /* 0: no note */
	__s32 sig;
	struct sigtrace_target target;
};

struct sigtrace_heap_slot {
	struct sigtrace_event event;
	struct sigtrace_target_note note;
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
	__u8 have_task_btf; /* the kernel has bpf_get_current_task_btf() (5.11) */
	__u8 reserved[1];
	__u32 pid;
	__u32 tid;
	__u32 uid;
	__u32 gid;
	__s32 tpid;
	__u64 signals[2]; /* bit n set: signal n (0..64) passes */
	/* Ring buffer wakeups: for an event after a quiet spell this long. */
	__u64 wakeup_interval_ns;
	char comm[SIGTRACE_COMM_LEN];
};

#endif /* SIGTRACE_SIGNAL_EVENT_H */
