/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel types the sigtrace BPF programs read, written by hand instead of
 * dumping vmlinux.h from the build machine. Every struct is marked
 * preserve_access_index, so libbpf relocates each field access against the
 * BTF of the kernel the object is loaded into (CO-RE): only the fields named
 * here must exist there, at whatever offset that kernel puts them.
 */
#ifndef SIGTRACE_CORE_TYPES_H
#define SIGTRACE_CORE_TYPES_H

typedef signed char __s8;
typedef unsigned char __u8;
typedef short __s16;
typedef unsigned short __u16;
typedef int __s32;
typedef unsigned int __u32;
typedef long long __s64;
typedef unsigned long long __u64;
/* Named by the prototypes of <bpf/bpf_helper_defs.h>. */
typedef __u16 __be16;
typedef __u32 __be32;
typedef __u32 __wsum;
typedef int pid_t;
typedef _Bool bool;
#define true 1
#define false 0

/* The uapi constants of <linux/bpf.h> the programs use (stable ABI values). */
enum bpf_map_type {
	BPF_MAP_TYPE_HASH = 1,
	BPF_MAP_TYPE_ARRAY = 2,
	BPF_MAP_TYPE_PERF_EVENT_ARRAY = 4,
	BPF_MAP_TYPE_PERCPU_ARRAY = 6,
	BPF_MAP_TYPE_ARRAY_OF_MAPS = 12,
	BPF_MAP_TYPE_RINGBUF = 27,
};
enum {
	BPF_ANY = 0,
};
#define BPF_F_INNER_MAP (1U << 12)
#define BPF_F_CURRENT_CPU 0xffffffffULL
enum {
	BPF_RB_NO_WAKEUP = 1,
	BPF_RB_FORCE_WAKEUP = 2,
};

#pragma clang attribute push(__attribute__((preserve_access_index)), apply_to = record)

struct ns_common {
	unsigned int inum;
};

struct mnt_namespace {
	struct ns_common ns;
};

struct nsproxy {
	struct mnt_namespace *mnt_ns;
};

/* A task's cgroups: on the unified hierarchy, a cgroup's id is its
 * directory's (kernfs) inode number. */
struct kernfs_node {
	__u64 id;
};

struct cgroup {
	struct kernfs_node *kn;
};

struct css_set {
	struct cgroup *dfl_cgrp;
};

/* Read at an offset, never by CO-RE (task_reading.bpf.h says why). */
struct pid_namespace;

struct upid {
	int nr;
	struct pid_namespace *ns;
};

struct pid {
	unsigned int level;
	struct upid numbers[1];
};

struct inode {
	void *i_private;
};

struct file {
	struct inode *f_inode;
	void *private_data;
};

struct fdtable {
	unsigned int max_fds;
	struct file **fd;
};

struct files_struct {
	struct fdtable *fdt;
};

typedef struct {
	int counter;
} atomic_t;

typedef struct {
	__u32 val;
} kuid_t;

typedef struct {
	__u32 val;
} kgid_t;

/* A task's credentials: its real ids, in the kernel's numbering. */
struct cred {
	kuid_t uid;
	kgid_t gid;
};

/* What a process's threads share (--fate). */
struct signal_struct {
	atomic_t live;		/* threads not yet exiting */
	unsigned int flags;	/* SIGNAL_* */
	int group_exit_code;	/* the exit status of a group exit */
};

struct task_struct {
	void *stack;	    /* its kernel stack */
	unsigned int flags; /* PF_* */
	int exit_code;
	pid_t pid;
	pid_t tgid;
	char comm[16];
	struct task_struct *real_parent;
	struct task_struct *group_leader;
	struct nsproxy *nsproxy;
	struct pid *thread_pid;
	struct files_struct *files;
	struct signal_struct *signal;
	const struct cred *cred; /* its subjective credentials (current_cred()) */
	struct css_set *cgroups;
};

/* A signal's disposition (signal_deliver). */
struct sigaction {
	void *sa_handler; /* SIG_DFL (0), SIG_IGN (1) or a handler */
};

struct k_sigaction {
	struct sigaction sa;
};

/* The registers a task saved entering the kernel (the names bpf_tracing.h uses). */
struct pt_regs {
	unsigned long bx;
	unsigned long bp;
	unsigned long ax;
	unsigned long cx;
	unsigned long dx;
	unsigned long si;
	unsigned long di;
	unsigned long r8;
	unsigned long r9;
	unsigned long r10;
	unsigned long orig_ax; /* the system call number, -1 outside one */
	unsigned long ip;
	unsigned long sp;
};

/* The siginfo's first fields sit in an anonymous struct; CO-RE finds them. */
struct kernel_siginfo {
	int si_signo;
	int si_errno;
	int si_code;
};

#pragma clang attribute pop

/*
 * Tracepoint records: their layout is the tracepoint's format, an ABI that
 * tools parse from tracefs, so plain offsets do. Leaving them out of CO-RE
 * saves libbpf a search through every kernel type per struct at load time.
 */
struct trace_entry {
	unsigned short type;
	unsigned char flags;
	unsigned char preempt_count;
	int pid;
};

/* syscalls/sys_enter_* and sys_exit_* share these layouts. */
struct trace_event_raw_sys_enter {
	struct trace_entry ent;
	long id;
	unsigned long args[6];
};

struct trace_event_raw_sys_exit {
	struct trace_entry ent;
	long id;
	long ret;
};

#endif /* SIGTRACE_CORE_TYPES_H */
