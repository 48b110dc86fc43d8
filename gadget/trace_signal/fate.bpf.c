// SPDX-License-Identifier: GPL-2.0
/*
 * fate: what became of each signal (--fate), loaded only then. Beside the
 * facts trace_signal reads when a signal is generated, three moments of
 * the target's own:
 * - signal_deliver: it dequeued a signal, to run its handler, to ignore it
 *   or to take the default action (die, dump core, stop);
 * - rt_sigtimedwait's exit: it took a signal by sigwaitinfo(2) or
 *   sigtimedwait(2), which no signal_deliver reports;
 * - sched_process_exit: a thread ended, with the process's exit code, and
 *   maybe the last one (the pending signals it leaves die with it);
 * - what throws pending signals away unseen: a stop signal or a SIGCONT
 *   generated (each drops the other kind), sigaction() to SIG_IGN.
 * User space matches them to the generated signals. The records go into
 * trace_signal's ring buffer (shared_events.bpf.h), after the signal's own
 * event: the kernel generates a signal under the lock the target needs to
 * dequeue it, so the order of the stream is the order of the story.
 */
#include "core_types.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "signal_event.h"

#include "shared_events.bpf.h"

/* The records on kernels without a ring buffer: a perf event array then. */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

/* trace_signal's settings, copied here by user space. */
const volatile struct sigtrace_config config = {};

__u64 lost_events = 0;
__u64 last_wakeup_ns = 0;

#include "record_output.bpf.h"

#define SIGNAL_GROUP_EXIT 0x00000004
#define SIGNAL_UNKILLABLE 0x00000040
#define SIG_DFL 0
#define SIG_IGN 1
#define SIGCHLD 17
#define SIGCONT 18
#define SIGSTOP 19
#define SIGTSTP 20
#define SIGTTIN 21
#define SIGTTOU 22
#define SIGURG 23
#define SIGWINCH 28
#define STOP_SIGNALS ((1ULL << SIGSTOP) | (1ULL << SIGTSTP) | (1ULL << SIGTTIN) | (1ULL << SIGTTOU))
#define IGNORED_BY_DEFAULT                                                                         \
	((1ULL << SIGCHLD) | (1ULL << SIGCONT) | (1ULL << SIGURG) | (1ULL << SIGWINCH))

/* -s and -T, the filters a target's own moment can apply. */
static __always_inline bool fate_matches(int sig, __u64 pid_tgid)
{
	__u32 tid = (__u32)pid_tgid;
	__u32 tgid = pid_tgid >> 32;
	__u64 bit;

	if (config.match_tpid && tid != (__u32)config.tpid && tgid != (__u32)config.tpid)
		return false;
	if (!config.match_signal)
		return true;
	if (sig < 0 || sig > SIGTRACE_MAX_SIGNAL)
		return false;
	bit = config.signals[(sig >> 6) & 1] >> (sig & 63);
	return bit & 1;
}

static __always_inline void emit_delivery(void *ctx, int sig, int code, __u8 action)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct sigtrace_delivery record = {
		.header = {.timestamp_ns = bpf_ktime_get_boot_ns(),
			   .kind = SIGTRACE_RECORD_DELIVERY},
		.tid = (__u32)pid_tgid,
		.tgid = pid_tgid >> 32,
		.sig = sig,
		.code = code,
		.action = action,
	};

	if (!fate_matches(sig, pid_tgid))
		return;
	record.unkillable = (BPF_CORE_READ(task, signal, flags) & SIGNAL_UNKILLABLE) != 0;
	output_record(ctx, &record, sizeof(record));
}

SEC("tp_btf/signal_deliver")
int BPF_PROG(sigtrace_deliver, int sig, struct kernel_siginfo *info, struct k_sigaction *ka)
{
	unsigned long handler;

	/* A group exit's SIGKILL to each thread: no signal of anyone's, the
	 * fatal one was seen when it was generated. */
	if (!info)
		return 0;
	handler = (unsigned long)BPF_CORE_READ(ka, sa.sa_handler);
	emit_delivery(ctx, sig, BPF_CORE_READ(info, si_code),
		      handler == 0   ? SIGTRACE_ACTION_DEFAULT
		      : handler == 1 ? SIGTRACE_ACTION_IGNORE
				     : SIGTRACE_ACTION_HANDLER);
	return 0;
}

/* sigwaitinfo(2) and sigtimedwait(2) return the signal they took. */
SEC("tracepoint/syscalls/sys_exit_rt_sigtimedwait")
int sigtrace_sigwait_x(struct trace_event_raw_sys_exit *ctx)
{
	if (ctx->ret > 0)
		emit_delivery(ctx, (int)ctx->ret, 0, SIGTRACE_ACTION_WAITED);
	return 0;
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(sigtrace_exit, struct task_struct *task)
{
	struct sigtrace_exit record = {
		.header = {.timestamp_ns = bpf_ktime_get_boot_ns(), .kind = SIGTRACE_RECORD_EXIT},
	};

	record.tid = BPF_CORE_READ(task, pid);
	record.tgid = BPF_CORE_READ(task, tgid);
	if (config.match_tpid && record.tid != (__u32)config.tpid &&
	    record.tgid != (__u32)config.tpid)
		return 0;
	/* What wait(2) reports: a group exit's code (with its core flag, which
	 * the dumping thread adds last) rather than each thread's own. */
	record.exit_code = BPF_CORE_READ(task, signal, flags) & SIGNAL_GROUP_EXIT
				   ? BPF_CORE_READ(task, signal, group_exit_code)
				   : BPF_CORE_READ(task, exit_code);
	/* do_exit() counts the thread out before this tracepoint. */
	record.group_dead = BPF_CORE_READ(task, signal, live.counter) == 0;
	output_record(ctx, &record, sizeof(record));
	return 0;
}

static __always_inline void emit_flush(void *ctx, __u32 tgid, __u64 signals)
{
	struct sigtrace_flush record = {
		.header = {.timestamp_ns = bpf_ktime_get_boot_ns(), .kind = SIGTRACE_RECORD_FLUSH},
		.tgid = tgid,
		.signals = signals,
	};

	if (config.match_tpid && tgid != (__u32)config.tpid)
		return;
	output_record(ctx, &record, sizeof(record));
}

/*
 * A stop signal's generation drops the process's pending SIGCONTs, and a
 * SIGCONT its pending stop signals (prepare_signal()), unless the process
 * is already exiting: signals the filters may not show, so followed here.
 */
SEC("tp_btf/signal_generate")
int BPF_PROG(sigtrace_stop_flush, int sig, struct kernel_siginfo *info, struct task_struct *task)
{
	__u64 bit;

	if (sig < 1 || sig > 63)
		return 0;
	bit = 1ULL << sig;
	if (!(bit & (STOP_SIGNALS | (1ULL << SIGCONT))))
		return 0;
	if (BPF_CORE_READ(task, signal, flags) & SIGNAL_GROUP_EXIT)
		return 0;
	emit_flush(ctx, BPF_CORE_READ(task, tgid), bit & STOP_SIGNALS ? 1ULL << SIGCONT : STOP_SIGNALS);
	return 0;
}

/* sigaction(2) to SIG_IGN, or to SIG_DFL for a signal ignored by default,
 * drops that signal's pending instances in the whole process. */
SEC("tracepoint/syscalls/sys_enter_rt_sigaction")
int sigtrace_sigaction_e(struct trace_event_raw_sys_enter *ctx)
{
	int sig = (int)ctx->args[0];
	const void *act = (const void *)ctx->args[1];
	unsigned long handler = 0;

	if (!act || sig < 1 || sig > 63)
		return 0;
	/* The user's struct sigaction starts with its handler. */
	if (bpf_probe_read_user(&handler, sizeof(handler), act))
		return 0;
	if (handler != SIG_IGN && !(handler == SIG_DFL && ((1ULL << sig) & IGNORED_BY_DEFAULT)))
		return 0;
	emit_flush(ctx, bpf_get_current_pid_tgid() >> 32, 1ULL << sig);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
