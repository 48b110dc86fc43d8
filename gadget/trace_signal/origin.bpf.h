/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where a generated signal came from: the facts the program can read
 * cheaply while the signal is generated, which user space turns into a
 * name (model/origin.h): the system call the current task was in, whether
 * the program runs on that task's stack (an interrupt that hit the kernel
 * runs on the CPU's irq stack instead), whether the task is a kernel thread
 * or exiting, and for a SIGKILL the kernel sends, its kernel stack (the OOM
 * killer is told apart by its functions there).
 */
#ifndef SIGTRACE_ORIGIN_BPF_H
#define SIGTRACE_ORIGIN_BPF_H

#define PF_EXITING 0x00000004
#define PF_KTHREAD 0x00200000

#define SI_USER 0
#define SI_KERNEL 0x80
#define SI_QUEUE -1
#define SI_TKILL -6
#define SIGKILL 9

/*
 * Codes only signal syscalls and send_sig(..., 0) give, from the sender's
 * own context: no interrupt to rule out. The storm of kill() takes this
 * path: one helper call and two loads.
 */
static __always_inline bool sent_by_a_syscall(struct kernel_siginfo *info, int code)
{
	return !info || code == SI_USER || code == SI_TKILL || code == SI_QUEUE;
}

/*
 * Interrupts that hit the kernel run on the CPU's irq stack; interrupts that
 * hit user space, exceptions and system calls on the task's own stack,
 * which ends where its saved registers are. The tracepoint's arguments
 * (ctx) are on the stack the kernel runs on: the program's own frame may be
 * a private per-CPU stack (6.13+). Addresses are read through a helper: the
 * verifier lets a program compare numbers, not pointers of two kinds.
 */
static __always_inline bool on_task_stack(void *ctx, struct task_struct *task,
					  struct pt_regs *regs)
{
	__u64 here = 0;
	__u64 top = 0;
	__u64 bottom = (__u64)task->stack;

	bpf_probe_read_kernel(&here, sizeof(here), &ctx);
	bpf_probe_read_kernel(&top, sizeof(top), &regs);
	top += bpf_core_type_size(struct pt_regs);
	return here >= bottom && here < top;
}

/*
 * Where the current task's saved registers are: at the same distance from
 * the start of its kernel stack in every task of a kernel. The helper tells
 * the distance once; after that a load and an add find them, without a
 * helper call (each costs tens of ns on hosts whose mitigations guard every
 * return). 0 until the first event.
 */
__u64 regs_offset = 0;

static __always_inline struct pt_regs *task_regs(struct task_struct *current)
{
	__u64 stack = (__u64)current->stack;
	struct pt_regs *regs;
	__u64 address = 0;

	if (config.untrusted_reads && regs_offset)
		return bpf_rdonly_cast((void *)(stack + regs_offset),
				       bpf_core_type_id_kernel(struct pt_regs));
	/* The helper wants the trusted pointer, not a read-only cast of it. */
	regs = (struct pt_regs *)bpf_task_pt_regs(bpf_get_current_task_btf());
	/* A number of the pointer: the verifier subtracts no pointers. */
	bpf_probe_read_kernel(&address, sizeof(address), &regs);
	regs_offset = address - stack;
	return regs;
}

/*
 * Returns whether the sender's kernel stack should follow the event: only
 * when the record has room for one (room_for_stack, decided before the
 * record was reserved, from the same facts: the verifier cannot tell two
 * tests of a pointer's value agree, so the answer hangs on that flag).
 */
static __always_inline bool read_origin(void *ctx, struct sigtrace_event *event,
					struct task_struct *current, struct kernel_siginfo *info,
					bool room_for_stack)
{
	struct pt_regs *regs;
	unsigned int flags;
	__u8 origin = SIGTRACE_ORIGIN_KNOWN;

	if (!config.have_task_pt_regs) {
		event->origin = 0;
		event->syscall_nr = -1;
		return false;
	}
	regs = task_regs(current);
	event->syscall_nr = (__s32)regs->orig_ax;
	flags = current->flags;
	if (flags & PF_KTHREAD)
		origin |= SIGTRACE_ORIGIN_KERNEL_THREAD;
	if (flags & PF_EXITING)
		origin |= SIGTRACE_ORIGIN_EXITING;
	if (sent_by_a_syscall(info, event->code) || on_task_stack(ctx, current, regs))
		origin |= SIGTRACE_ORIGIN_TASK_STACK;
	/* The OOM killer's SIGKILL: sent as the kernel, from a task's context. */
	if (room_for_stack && (origin & SIGTRACE_ORIGIN_TASK_STACK))
		origin |= SIGTRACE_ORIGIN_STACK;
	event->origin = origin;
	return origin & SIGTRACE_ORIGIN_STACK;
}

/* The sender's kernel stack, into the room after the event. */
static __always_inline void read_stack(void *ctx, struct sigtrace_event_with_stack *record)
{
	long bytes = bpf_get_stack(ctx, record->frames, sizeof(record->frames), 0);

	record->nframes = bytes > 0 ? bytes / sizeof(__u64) : 0;
	record->reserved = 0;
}

#endif /* SIGTRACE_ORIGIN_BPF_H */
