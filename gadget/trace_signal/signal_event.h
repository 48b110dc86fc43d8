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

/* Kill-only's slots by tid for the kernel's default pid_max, the size that
 * kill_only's outer map takes without BPF_F_INNER_MAP (kill_calls.bpf.h). */
#define SIGTRACE_DEFAULT_TID_SLOTS 32768
#define SIGTRACE_MAX_SIGNAL 64

/* What a record in the events buffer is; every record starts with a header. */
enum sigtrace_record_kind {
	SIGTRACE_RECORD_SIGNAL = 1, /* struct sigtrace_event */
	/* --fate (fate.bpf.c, kill_only.bpf.c): what became of the signals. */
	SIGTRACE_RECORD_DELIVERY = 2,  /* struct sigtrace_delivery */
	SIGTRACE_RECORD_EXIT = 3,      /* struct sigtrace_exit */
	SIGTRACE_RECORD_GENERATED = 4, /* struct sigtrace_generated */
	SIGTRACE_RECORD_FLUSH = 5,     /* struct sigtrace_flush */
};

struct sigtrace_record_header {
	__u64 timestamp_ns; /* CLOCK_BOOTTIME */
	__u16 kind;	    /* enum sigtrace_record_kind */
	__u16 reserved[3];
};

/* Where an event comes from. */
enum sigtrace_source {
	SIGTRACE_SOURCE_GENERATE = 0,	       /* tracepoint signal/signal_generate */
	SIGTRACE_SOURCE_KILL = 1,	       /* kill(2) */
	SIGTRACE_SOURCE_TKILL = 2,	       /* tkill(2) */
	SIGTRACE_SOURCE_TGKILL = 3,	       /* tgkill(2) */
	SIGTRACE_SOURCE_RT_SIGQUEUEINFO = 4,   /* rt_sigqueueinfo(2): sigqueue(3) */
	SIGTRACE_SOURCE_RT_TGSIGQUEUEINFO = 5, /* rt_tgsigqueueinfo(2): pthread_sigqueue(3) */
	SIGTRACE_SOURCE_PIDFD_SEND_SIGNAL = 6, /* pidfd_send_signal(2) */
};

/*
 * Where a generated signal came from, as far as the program can tell:
 * user space puts a name on it (a syscall, a fault, an interrupt, ...).
 */
enum sigtrace_origin_flags {
	SIGTRACE_ORIGIN_KNOWN = 1,	   /* the fields below were read */
	SIGTRACE_ORIGIN_TASK_STACK = 2,   /* on the current task's stack, not an irq stack */
	SIGTRACE_ORIGIN_KERNEL_THREAD = 4, /* the current task is a kernel thread */
	SIGTRACE_ORIGIN_EXITING = 8,	   /* the current task is exiting */
	SIGTRACE_ORIGIN_STACK = 16,	   /* kernel return addresses follow the event */
};

/* Kernel return addresses sent after an event (SIGTRACE_ORIGIN_STACK). */
#define SIGTRACE_STACK_FRAMES 16

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
	/* The system call the sender was in (its saved orig_ax); -1 in none. */
	__s32 syscall_nr;
	/* pidfd_send_signal: its flags. */
	__u32 call_flags;
	__u8 source;	   /* enum sigtrace_source */
	__u8 group;	   /* 1 = sent to the whole process */
	__u8 origin;	   /* enum sigtrace_origin_flags */
	__u8 fate_facts;   /* --fate, signal_generate: enum sigtrace_fate_facts */
	/* --fate, kill-only: the call, as its sigtrace_generated records name it. */
	__u32 call_seq;
	/* The sender's cgroup in the unified (v2) hierarchy, by its id: it
	 * names a container after the container's last process is gone. */
	__u64 sender_cgroup_id;
};

/* An event with the kernel stack of its sender (for an OOM kill). */
struct sigtrace_event_with_stack {
	struct sigtrace_event event;
	__u32 nframes;
	__u32 reserved;
	__u64 frames[SIGTRACE_STACK_FRAMES];
};

/*
 * --fate: what the target's process looked like right after the signal was
 * generated (signal_generate fires once the kernel has acted on it).
 */
enum sigtrace_fate_facts {
	SIGTRACE_FATE_FACTS_READ = 1,
	SIGTRACE_FATE_GROUP_EXIT = 2,	  /* the process is exiting as a whole */
	SIGTRACE_FATE_EXIT_BY_SIG = 4,	  /* ... with this signal as its exit code */
	SIGTRACE_FATE_CONTINUED = 8,	  /* a SIGCONT that ended a stop */
	SIGTRACE_FATE_UNKILLABLE = 16,	  /* an init: its fatal signals do nothing by default */
	SIGTRACE_FATE_TARGET_EXITING = 32, /* the target thread is on its way out */
};

/* What the target does with a signal it dequeues (signal_deliver). */
enum sigtrace_action {
	SIGTRACE_ACTION_DEFAULT = 0,  /* SIG_DFL */
	SIGTRACE_ACTION_IGNORE = 1,   /* SIG_IGN */
	SIGTRACE_ACTION_HANDLER = 2,  /* a handler of its own */
	SIGTRACE_ACTION_WAITED = 3,   /* taken by sigwaitinfo(2), sigtimedwait(2) */
};

/* A signal the current task dequeued (signal_deliver, rt_sigtimedwait). */
struct sigtrace_delivery {
	struct sigtrace_record_header header;
	__u32 tid;
	__u32 tgid;
	__s32 sig;
	__s32 code;	    /* its si_code */
	__u8 action;	    /* enum sigtrace_action */
	__u8 unkillable;    /* the process is an init (SIGNAL_UNKILLABLE) */
	__u8 reserved[6];
};

/* A task's exit (sched_process_exit). */
struct sigtrace_exit {
	struct sigtrace_record_header header;
	__u32 tid;
	__u32 tgid;
	__s32 exit_code;    /* wait(2)'s status: the signal in bits 0-6, 0x80 a core */
	__u8 group_dead;    /* the last thread: the process is gone */
	__u8 reserved[3];
};

/*
 * Pending signals the kernel threw away without dequeuing them: a stop
 * signal's generation drops the pending SIGCONTs of the process, a SIGCONT's
 * its stop signals, and sigaction() setting SIG_IGN (or SIG_DFL for a signal
 * ignored by default) that signal.
 */
struct sigtrace_flush {
	struct sigtrace_record_header header;
	__u32 tgid;
	__u32 reserved;
	__u64 signals; /* bit n: signal n was flushed */
};

/* -k --fate: one signal a call generated, before the call's own event. */
struct sigtrace_generated {
	struct sigtrace_record_header header;
	__u32 caller_tid;
	__u32 call_seq; /* the call's sigtrace_event.call_seq */
	__u32 tid;	/* the target */
	__u32 tgid;
	__s32 sig;
	__s32 result;	/* as signal_generate's */
	__u8 group;
	__u8 fate_facts; /* enum sigtrace_fate_facts */
	__u8 reserved[6];
};

/* Which of a call's targets passed the filters on targets (-T, --tcomm). */
enum sigtrace_call_matches {
	SIGTRACE_MATCH_ARGUMENT = 1, /* -T: the argument as passed */
	SIGTRACE_MATCH_TPID = 2,     /* -T: a target's tid or tgid */
	SIGTRACE_MATCH_TCOMM = 4,    /* --tcomm: a target's name */
};

/*
 * What a signal syscall's entry saves under the caller's tid for its exit to
 * emit. kill_only fills in the target in between, each time the call
 * generates a signal.
 */
struct sigtrace_kill_call {
	__s32 pid_arg; /* pidfd_send_signal: the pidfd */
	__s32 tgid_arg;
	__s32 sig;
	__u32 source;
	__u32 ntargets;
	__s32 target_nspid; /* the first target's, in the sender's view */
	__s32 code;	    /* rt_(tg)sigqueueinfo: the si_code of the caller's siginfo */
	__u32 call_flags;   /* pidfd_send_signal: its flags */
	__u32 matches;	    /* enum sigtrace_call_matches */
	__u32 call_seq;	    /* --fate: the entry's time, to tell calls apart */
	/* 1 from the call's entry to its exit: a thread's slot outlives its
	 * calls when the slots are kept (kill_calls.bpf.h). */
	__u32 in_flight;
	__u32 reserved;
	/* The first one; for pidfd_send_signal, first the process behind the
	 * pidfd (its tgid), also when the call generates nothing. */
	struct sigtrace_task target;
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
	__u8 match_tcomm;
	__u8 have_task_pt_regs; /* bpf_task_pt_regs() (5.15): where signals come from */
	__u8 follow_fates;	/* --fate: the facts and records fates are made of */
	__u8 reserved3;
	__u32 pid;
	__u32 tid;
	__u32 uid;
	__u32 gid;
	__s32 tpid;
	/* sigtrace itself: the signals it causes itself are not traced. */
	__u32 self_tgid;
	/* Where struct pid_namespace keeps ns.inum in this kernel (from its BTF). */
	__u32 pidns_inum_offset;
	/* Kill-only: `values` is an array of this many slots, indexed by tid;
	 * 0: the seed's hash (kill_calls.bpf.h). */
	__u32 call_slot_tids;
	__u64 signals[2]; /* bit n set: signal n (0..64) passes */
	/* Ring buffer wakeups: for an event after a quiet spell this long. */
	__u64 wakeup_interval_ns;
	char comm[SIGTRACE_COMM_LEN];
	char tcomm[SIGTRACE_COMM_LEN]; /* --tcomm */
};

#endif /* SIGTRACE_SIGNAL_EVENT_H */
