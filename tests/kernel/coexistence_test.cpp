// Other tracers on signal_generate: another tool's perf event (as sigsnoop
// attaches one) and a second sigtrace, both attached before the tracer under
// test. ig_sig_generate reads the target from its own arguments, so whatever
// ran first, every target field stays exact.
#include <bpf/bpf.h>
#include <gtest/gtest.h>
#include <linux/perf_event.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "child.h"
#include "common/unique_fd.h"
#include "event_log.h"
#include "kernel/tracefs.h"
#include "output/sanitize.h"
#include "processes.h"
#include "tracing.h"

namespace sigtrace::testing {
namespace {

// A classic tracepoint program that does nothing, on its own perf event.
class ForeignPerfEvent {
 public:
  ForeignPerfEvent() {
    int id = tracepoint_ids({{"signal", "signal_generate"}}).at(0);
    const bpf_insn return_zero[] = {
        {.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0},
        {.code = BPF_JMP | BPF_EXIT},
    };
    program_.reset(
        bpf_prog_load(BPF_PROG_TYPE_TRACEPOINT, "foreign", "GPL", return_zero, 2, nullptr));
    perf_event_attr attr{};
    attr.type = PERF_TYPE_TRACEPOINT;
    attr.size = sizeof(attr);
    attr.config = static_cast<__u64>(id);
    attr.sample_period = 1;
    event_.reset(
        static_cast<int>(syscall(SYS_perf_event_open, &attr, -1, 0, -1, PERF_FLAG_FD_CLOEXEC)));
    attached_ = program_.valid() && event_.valid() &&
                ioctl(event_.get(), PERF_EVENT_IOC_SET_BPF, program_.get()) == 0 &&
                ioctl(event_.get(), PERF_EVENT_IOC_ENABLE, 0) == 0;
  }
  bool attached() const { return attached_; }

 private:
  UniqueFd program_;
  UniqueFd event_;
  bool attached_ = false;
};

class OthersFirst : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(foreign_.attached()) << "could not attach the foreign perf event";
    KernelFilter nothing;
    nothing.pid = 2147483647;  // no such sender: it only has to be there first
    other_sigtrace_ = start_tracer(Mode::kGenerate, nothing);
  }

  ForeignPerfEvent foreign_;
  std::unique_ptr<Tracer> other_sigtrace_;
};

TEST_F(OthersFirst, TargetInItsOwnMountNamespaceIsExact) {
  Child target =
      spawn_target({.name = "co-target", .handled = {SIGUSR1}, .own_mount_namespace = true});
  Child sender =
      spawn_sender({.name = "co-sender"}, [&] { return errno_of(kill(target.pid(), SIGUSR1)); });
  auto tracer = start_tracer(Mode::kGenerate, only_sender(sender.pid()));
  ASSERT_EQ(run_sender(sender), 0);
  EventLog log;
  Events events = wait_for(*tracer, log, signalled_by(sender.pid()));
  ASSERT_EQ(events.size(), 1u) << describe(log.events());
  const sigtrace_event& e = events[0];
  uint64_t target_mntns = namespace_id(target.pid(), "mnt");
  ASSERT_NE(target_mntns, namespace_id(getpid(), "mnt"));
  EXPECT_EQ(e.target.mntns_id, target_mntns);
  EXPECT_EQ(e.target.pidns_id, namespace_id(target.pid(), "pid"));
  EXPECT_EQ(e.target.tid, static_cast<uint32_t>(target.pid()));
  EXPECT_EQ(e.target.tgid, static_cast<uint32_t>(target.pid()));
  EXPECT_EQ(e.target_nspid, target.pid());
  EXPECT_EQ(fixed_text(e.target.comm), "co-target");
}

// -T PID is decided in the kernel by the target's thread group: a tgkill to
// a thread that is not the process's main one still matches.
TEST_F(OthersFirst, TargetFilterStillMatchesAThread) {
  pid_t thread = 0;
  Child target =
      spawn_target({.name = "co-main", .handled = {SIGUSR2}, .thread_name = "co-thread"}, &thread);
  ASSERT_NE(thread, target.pid());
  Child sender = spawn_sender({.name = "co-tgkiller"}, [&] {
    return errno_of(syscall(SYS_tgkill, target.pid(), thread, SIGUSR2));
  });
  KernelFilter to_target;
  to_target.tpid = target.pid();
  auto tracer = start_tracer(Mode::kGenerate, to_target);
  ASSERT_EQ(run_sender(sender), 0);
  EventLog log;
  Events events = wait_for(*tracer, log, signalled_by(sender.pid()));
  ASSERT_EQ(events.size(), 1u) << describe(log.events());
  EXPECT_EQ(events[0].target.tid, static_cast<uint32_t>(thread));
  EXPECT_EQ(events[0].target.tgid, static_cast<uint32_t>(target.pid()));
  EXPECT_EQ(fixed_text(events[0].target.comm), "co-thread");
}

}  // namespace
}  // namespace sigtrace::testing
