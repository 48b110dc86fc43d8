/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading tasks into struct sigtrace_task: the sender (the current task)
 * and a signal's target (a typed pointer from signal_generate). Shared by
 * trace_signal and kill_targets; each defines `config` before including it.
 */
#ifndef SIGTRACE_TASK_READING_BPF_H
#define SIGTRACE_TASK_READING_BPF_H

/*
 * Since 6.5 the verifier checks each pointer loaded from a trusted pointer
 * (the tracepoint's task, the current task) against its lists of safe
 * fields, looking each list up by name among the kernel's 100,000 types: a
 * millisecond of load time per such load. A read-only cast (6.2+, free at
 * run time: the verifier inlines it) gives a pointer it reads the same way
 * without those checks. User space sets config.untrusted_reads where the
 * kernel has the cast.
 */
extern void *bpf_rdonly_cast(const void *obj, __u32 btf_id) __ksym __weak;

static __always_inline struct task_struct *readable(struct task_struct *task)
{
	if (!config.untrusted_reads)
		return task;
	return bpf_rdonly_cast(task, bpf_core_type_id_kernel(struct task_struct));
}

/*
 * A pid namespace's id. Host tasks live in the first namespace, whose id the
 * kernel fixes (PROC_PID_INIT_INO). Other ids are read at the offset user
 * space found in the kernel's BTF, not by CO-RE: the kernel caches its CO-RE
 * lookups by type name in 31 slots, "pid" and "pid_namespace" share one, and
 * every program reading both made the kernel scan all its types twice (half
 * a millisecond each; -k loads seven such programs). The level indexes an
 * array, which typed pointers cannot do: a helper reads from there on.
 */
#define INIT_PIDNS_ID 0xeffffffcU

static __always_inline __u32 pidns_id_of(struct pid *pid, unsigned int level)
{
	struct pid_namespace *ns = NULL;
	__u32 id = 0;

	if (level == 0)
		return pid ? INIT_PIDNS_ID : 0; /* no pid at all: unknown */
	bpf_core_read(&ns, sizeof(ns), &pid->numbers[level].ns);
	bpf_probe_read_kernel(&id, sizeof(id), (const char *)ns + config.pidns_inum_offset);
	return id;
}

/*
 * A task's pid. A released task has none left: the last thread of a process
 * whose main thread exited first tells the parent of the end from
 * release_task(), after its own pid is gone. Its main thread, a zombie
 * until the parent reaps it, still holds the process's pid, in the same
 * namespaces.
 */
static __always_inline struct pid *pid_of(struct task_struct *task)
{
	struct pid *pid = task->thread_pid;

	return pid ? pid : task->group_leader->thread_pid;
}

static __always_inline struct pid *pid_of_slowly(struct task_struct *task)
{
	struct pid *pid = BPF_CORE_READ(task, thread_pid);

	return pid ? pid : BPF_CORE_READ(task, group_leader, thread_pid);
}

/* Typed pointers: plain loads. */
static __always_inline void read_task(struct task_struct *task, struct sigtrace_task *out)
{
	struct pid *pid = pid_of(task);
	unsigned int level = pid->level;

	out->mntns_id = task->nsproxy->mnt_ns->ns.inum;
	out->pidns_level = level;
	out->pidns_id = pidns_id_of(pid, level);
	out->tgid = task->tgid;
	out->tid = task->pid;
	__builtin_memcpy(out->comm, task->comm, sizeof(out->comm));
}

/*
 * Kernels from 5.11 hand out the current task as a typed pointer; older ones
 * need a helper call per field. User space asks the kernel before load and
 * says so in config; the verifier then drops the branch this kernel cannot
 * take. Each program asks once and passes the task on: every ask, like
 * every bpf_get_current_pid_tgid(), is a helper call (5-10 ns here), and
 * the kill exit made five of them.
 */
static __always_inline struct task_struct *current_task(void)
{
	if (config.have_task_btf)
		return readable(bpf_get_current_task_btf());
	return (struct task_struct *)bpf_get_current_task();
}

/* The current task's ids as bpf_get_current_pid_tgid() gives them. */
static __always_inline __u64 pid_tgid_of_current(struct task_struct *current)
{
	if (!config.have_task_btf)
		return bpf_get_current_pid_tgid();
	return (__u64)current->tgid << 32 | (__u32)current->pid;
}

static __always_inline void read_current_slowly(struct task_struct *task, struct sigtrace_task *out)
{
	struct pid *pid = pid_of_slowly(task);
	unsigned int level = BPF_CORE_READ(pid, level);

	out->mntns_id = BPF_CORE_READ(task, nsproxy, mnt_ns, ns.inum);
	out->pidns_level = level;
	out->pidns_id = pidns_id_of(pid, level);
	out->tgid = BPF_CORE_READ(task, tgid);
	out->tid = BPF_CORE_READ(task, pid);
	bpf_get_current_comm(out->comm, sizeof(out->comm));
}

/* The sender (the current task) and its parent. */
static __always_inline void read_sender(struct sigtrace_event *event, struct task_struct *task)
{
	struct task_struct *parent;

	/* Loads rather than bpf_get_current_cgroup_id(): a helper call fewer,
	 * 25 ns a signal here. The three types it relocates cost no startup
	 * time that could be measured. */
	if (config.have_task_btf) {
		event->sender_cgroup_id = task->cgroups->dfl_cgrp->kn->id;
		read_task(task, &event->sender);
		parent = task->real_parent;
		event->ppid = parent->tgid;
		event->ptid = parent->pid;
		__builtin_memcpy(event->pcomm, parent->comm, sizeof(event->pcomm));
		return;
	}
	event->sender_cgroup_id = bpf_get_current_cgroup_id();
	read_current_slowly(task, &event->sender);
	parent = BPF_CORE_READ(task, real_parent);
	event->ppid = BPF_CORE_READ(parent, tgid);
	event->ptid = BPF_CORE_READ(parent, pid);
	bpf_core_read(event->pcomm, sizeof(event->pcomm), &parent->comm);
}

/*
 * The target's thread id as the current task's (the sender's) pid namespace
 * numbers it: 0 when the target is not visible from there. A host sender
 * sees host pids; the array walk is for senders in containers.
 */
static __always_inline __s32 nspid_in(struct pid *current_pid, unsigned int level,
				      struct task_struct *target)
{
	struct pid *target_pid = pid_of(target);
	struct pid_namespace *ns = NULL;
	struct upid seen = {};
	__s32 host_tid = target->pid;

	/* Loaded here, not sunk into one load shared with the stack read below:
	 * the verifier refuses an instruction used with two kinds of pointer. */
	barrier_var(host_tid);

	if (level == 0)
		return host_tid;
	if (target_pid->level < level)
		return 0; /* the target lives above the sender's namespace */
	bpf_core_read(&ns, sizeof(ns), &current_pid->numbers[level].ns);
	bpf_core_read(&seen, sizeof(seen), &target_pid->numbers[level]);
	return seen.ns == ns ? seen.nr : 0;
}

static __always_inline __s32 nspid_seen_by_current(struct task_struct *current,
						   struct task_struct *target)
{
	struct pid *current_pid;

	if (config.have_task_btf) {
		current_pid = pid_of(current);
		return nspid_in(current_pid, current_pid->level, target);
	}
	current_pid = pid_of_slowly(current);
	return nspid_in(current_pid, BPF_CORE_READ(current_pid, level), target);
}

#endif /* SIGTRACE_TASK_READING_BPF_H */
