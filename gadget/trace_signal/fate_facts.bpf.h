/* SPDX-License-Identifier: GPL-2.0 */
/*
 * --fate: what the target's process looks like once a signal is generated.
 * signal_generate fires after the kernel has acted on the signal, under the
 * lock the target needs to dequeue it: a fatal signal has already turned
 * into a group exit with itself as the exit code, a SIGCONT has already
 * ended a stop. The flags are the kernel's SIGNAL_* values, unchanged since
 * Linux 3.x.
 */
#ifndef SIGTRACE_FATE_FACTS_BPF_H
#define SIGTRACE_FATE_FACTS_BPF_H

#define SIGNAL_GROUP_EXIT 0x00000004
#define SIGNAL_CLD_STOPPED 0x00000010
#define SIGNAL_CLD_CONTINUED 0x00000020
#define SIGNAL_UNKILLABLE 0x00000040
#define SIGCONT 18
#ifndef PF_EXITING
#define PF_EXITING 0x00000004
#endif

static __always_inline __u8 fate_facts(struct task_struct *target, int sig)
{
	struct signal_struct *signal = target->signal;
	unsigned int flags = signal->flags;
	__u8 facts = SIGTRACE_FATE_FACTS_READ;

	if (flags & SIGNAL_GROUP_EXIT) {
		facts |= SIGTRACE_FATE_GROUP_EXIT;
		if ((signal->group_exit_code & 0x7f) == sig)
			facts |= SIGTRACE_FATE_EXIT_BY_SIG;
	}
	/* Stopped, or in the middle of stopping: either way it runs on. */
	if (sig == SIGCONT && (flags & (SIGNAL_CLD_CONTINUED | SIGNAL_CLD_STOPPED)))
		facts |= SIGTRACE_FATE_CONTINUED;
	if (flags & SIGNAL_UNKILLABLE)
		facts |= SIGTRACE_FATE_UNKILLABLE;
	/* Past its exit's record: nothing dequeues what is queued to it now. */
	if (target->flags & PF_EXITING)
		facts |= SIGTRACE_FATE_TARGET_EXITING;
	return facts;
}

#endif /* SIGTRACE_FATE_FACTS_BPF_H */
