/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The in-kernel filters, shared by trace_signal and kill_targets: each
 * object that includes this defines `config` (.rodata, filled by user space
 * with the same settings for both) and the map gadget_mntns_filter_map.
 * Everything is inlined: no extra program, map or call appears.
 */
#ifndef SIGTRACE_FILTERS_BPF_H
#define SIGTRACE_FILTERS_BPF_H

/* What identifies the current task, read once per event. */
struct sender_ids {
	__u64 pid_tgid;
	__u64 uid_gid;
};

/*
 * The current task's uid and gid, as bpf_get_current_uid_gid() gives them.
 * The helper maps both through the first user namespace, whose map is the
 * identity: the same numbers as the kernel's own ids, two loads away, and
 * the search took about 90 ns off each run of the kill exit (bpf_stats).
 */
static __always_inline __u64 current_uid_gid(struct task_struct *current)
{
	const struct cred *cred;

	if (!config.have_task_btf)
		return bpf_get_current_uid_gid();
	cred = current->cred;
	return (__u64)cred->gid.val << 32 | cred->uid.val;
}

/* `current`: current_task()'s. */
static __always_inline struct sender_ids current_ids(struct task_struct *current)
{
	struct sender_ids ids = {
		.pid_tgid = pid_tgid_of_current(current),
		.uid_gid = current_uid_gid(current),
	};
	return ids;
}

/* What the filters need of it, where nothing else does (a syscall's entry). */
static __always_inline struct sender_ids ids_to_filter(struct task_struct *current)
{
	struct sender_ids ids = {
		.pid_tgid = pid_tgid_of_current(current),
		.uid_gid = config.match_uid || config.match_gid ? current_uid_gid(current) : 0,
	};
	return ids;
}

/* `wanted` stays volatile: a plain read of config would be folded into the
 * object's zeroes at compile time. */
static __always_inline bool same_comm(const char *comm, const volatile char *wanted)
{
	for (int i = 0; i < SIGTRACE_COMM_LEN; i++) {
		if (comm[i] != wanted[i])
			return false;
		if (comm[i] == '\0')
			break;
	}
	return true;
}

static __always_inline bool comm_matches(void)
{
	char comm[SIGTRACE_COMM_LEN];

	bpf_get_current_comm(comm, sizeof(comm));
	return same_comm(comm, config.comm);
}

/* --tcomm, on a name the kernel holds (a target task's comm). */
static __always_inline bool tcomm_matches(const char *comm)
{
	return !config.match_tcomm || same_comm(comm, config.tcomm);
}

static __always_inline bool sender_matches(const struct sender_ids *ids)
{
	if (config.match_pid && (__u32)(ids->pid_tgid >> 32) != config.pid)
		return false;
	if (config.match_tid && (__u32)ids->pid_tgid != config.tid)
		return false;
	if (config.match_uid && (__u32)ids->uid_gid != config.uid)
		return false;
	if (config.match_gid && (__u32)(ids->uid_gid >> 32) != config.gid)
		return false;
	if (config.match_comm && !comm_matches())
		return false;
	return true;
}

static __always_inline bool signal_matches(int sig)
{
	if (!config.match_signal)
		return true;
	if (sig < 0 || sig > SIGTRACE_MAX_SIGNAL)
		return false;
	/* The mask bounds the index by itself: older verifiers (6.1) lose the
	 * range checked above when clang reloads sig from the stack. */
	return (config.signals[(sig >> 6) & 1] >> (sig & 63)) & 1;
}

static __always_inline __u64 current_mntns_id(struct task_struct *current)
{
	if (config.have_task_btf)
		return current->nsproxy->mnt_ns->ns.inum;
	return BPF_CORE_READ(current, nsproxy, mnt_ns, ns.inum);
}

static __always_inline bool mntns_matches(struct task_struct *current)
{
	__u64 mntns_id;
	bool listed;

	if (config.filter_mntns == SIGTRACE_MNTNS_ALL)
		return true;
	mntns_id = current_mntns_id(current);
	/* An exiting task has left its namespaces (a dying child sending
	 * SIGCHLD): user space decides, by its pid namespace. */
	if (mntns_id == 0)
		return true;
	listed = bpf_map_lookup_elem(&gadget_mntns_filter_map, &mntns_id) != NULL;
	return config.filter_mntns == SIGTRACE_MNTNS_ONLY ? listed : !listed;
}

/* signal_generate's own fields: the signal and its outcome. */
static __always_inline bool generated_signal_matches(int sig, int result)
{
	return signal_matches(sig) && (!config.failed_only || result != 0);
}

/* -T names a process or one of its threads: either id of the target matches. */
static __always_inline bool generated_target_matches(pid_t tid, pid_t tgid)
{
	return !config.match_tpid || tid == config.tpid || tgid == config.tpid;
}

#endif /* SIGTRACE_FILTERS_BPF_H */
