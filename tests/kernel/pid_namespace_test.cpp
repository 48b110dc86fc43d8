// Senders and targets in a pid namespace of their own, as in a container:
// their namespace's id, its level and the target's id there, in both modes.
// Those ids come from reads at the offset user space finds in the kernel's
// BTF (task_reading.bpf.h); the host's namespace is a constant.
#include <bpf/btf.h>
#include <gtest/gtest.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "child.h"
#include "event_log.h"
#include "kernel/btf_fields.h"
#include "kernel/kernel_btf.h"
#include "kernel/kernel_version.h"
#include "output/sanitize.h"
#include "processes.h"
#include "tracing.h"

namespace sigtrace::testing {
namespace {

void on_signal(int) {}

// In a new pid namespace: its first process (pid 1 there) forks a second,
// and once told to, signals it by the id the namespace gives it (2).
int kill_inside_a_new_pid_namespace(Child& self) {
  if (unshare(CLONE_NEWPID) != 0) return 100;
  int go[2], ready[2];
  if (pipe(go) != 0 || pipe(ready) != 0) return 101;
  pid_t first = fork();
  if (first < 0) return 102;
  if (first == 0) {
    set_comm("pn-sender");
    signal(SIGUSR1, on_signal);
    pid_t second = fork();
    if (second == 0) {
      set_comm("pn-target");
      if (write(ready[1], "r", 1) != 1) _exit(107);
      pause_forever();
    }
    char byte = 0;
    if (read(ready[0], &byte, 1) != 1 || read(go[0], &byte, 1) != 1) _exit(103);
    int status = kill(second, SIGUSR1) == 0 ? 0 : 104;
    kill(second, SIGKILL);
    waitpid(second, nullptr, 0);
    _exit(status);
  }
  self.send(first);  // as the host numbers it
  self.wait_for_go();
  if (write(go[1], "g", 1) != 1) return 105;
  int status = 0;
  waitpid(first, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 106;
}

// A scenario's middle process spawned, its namespace's first process traced
// (its host pid and pid namespace are the scenario's sender's), run to its
// end; the events with that signal.
struct Traced {
  pid_t middle = 0;
  pid_t sender = 0;
  uint64_t pidns = 0;
  Events events;
  std::string all;  // every event, for a failure's message
};

Traced run_traced(int (*scenario)(Child&), Mode mode, int sig) {
  Child middle = Child::spawn(scenario, false);
  Traced traced;
  traced.middle = middle.pid();
  traced.sender = static_cast<pid_t>(middle.receive());
  traced.pidns = namespace_id(traced.sender, "pid");
  std::unique_ptr<Tracer> tracer = start_tracer(mode, only_sender(traced.sender));
  EventLog log;
  middle.go();
  EXPECT_EQ(middle.wait(), 0);
  traced.events = wait_for(*tracer, log, [sig](const sigtrace_event& e) { return e.sig == sig; });
  traced.all = describe(log.events());
  return traced;
}

class InAPidNamespace : public ::testing::TestWithParam<Mode> {};

TEST_P(InAPidNamespace, IdsAreTheNamespaces) {
  auto [middle, sender, pidns, events, all] =
      run_traced(kill_inside_a_new_pid_namespace, GetParam(), SIGUSR1);
  ASSERT_NE(pidns, namespace_id(getpid(), "pid"));
  ASSERT_EQ(events.size(), 1u) << all;
  const sigtrace_event& e = events[0];
  EXPECT_EQ(e.sender.tgid, static_cast<uint32_t>(sender));
  EXPECT_EQ(fixed_text(e.sender.comm), "pn-sender");
  EXPECT_EQ(e.sender.pidns_level, 1u);
  EXPECT_EQ(e.sender.pidns_id, pidns);
  EXPECT_EQ(fixed_text(e.target.comm), "pn-target");
  EXPECT_EQ(e.target.pidns_level, 1u);
  EXPECT_EQ(e.target.pidns_id, pidns);
  EXPECT_EQ(e.target_nspid, 2);
  if (GetParam() == Mode::kKillOnly) {
    EXPECT_EQ(e.pid_arg, 2);
  }
}

INSTANTIATE_TEST_SUITE_P(BothModes, InAPidNamespace,
                         ::testing::Values(Mode::kGenerate, Mode::kKillOnly));

// A new pid namespace's first process whose main thread leaves first: its
// last thread, released, sends the SIGCHLD with no pid of its own left.
int end_a_new_pid_namespace_with_its_last_thread(Child& self) {
  if (unshare(CLONE_NEWPID) != 0) return 100;
  int go[2];
  if (pipe(go) != 0) return 101;
  pid_t first = fork();
  if (first < 0) return 102;
  if (first == 0) {
    set_comm("pn-released");
    char byte = 0;
    if (read(go[0], &byte, 1) != 1) _exit(103);
    end_with_a_thread_outliving_main();
    _exit(104);  // the second thread could not start
  }
  self.send(first);
  self.wait_for_go();
  if (write(go[1], "g", 1) != 1) return 105;
  int status = 0;
  waitpid(first, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 106;
}

// Its pid gone, the released thread is placed by its zombie main thread's:
// the namespace it lived in, not the host's nor an unknown one.
TEST(ReleasedInAPidNamespace, SigchldNamesTheNamespaceItLeft) {
  auto [middle, sender, pidns, events, all] =
      run_traced(end_a_new_pid_namespace_with_its_last_thread, Mode::kGenerate, SIGCHLD);
  ASSERT_EQ(events.size(), 1u) << all;
  const sigtrace_event& e = events[0];
  EXPECT_EQ(e.sender.tgid, static_cast<uint32_t>(sender));
  EXPECT_NE(e.sender.tid, static_cast<uint32_t>(sender));  // the last thread
  EXPECT_EQ(e.sender.pidns_level, 1u);
  EXPECT_EQ(e.sender.pidns_id, pidns);
  EXPECT_EQ(e.target.tgid, static_cast<uint32_t>(middle));
  EXPECT_EQ(e.target_nspid, 0);  // the parent lives above the namespace
}

constexpr const char* kVmlinux = "/sys/kernel/btf/vmlinux";

// libbpf's parser on the whole file: a member's bit offset and type, by name.
std::pair<uint32_t, uint32_t> libbpf_member(const btf* kernel, uint32_t struct_id,
                                            const char* name) {
  const btf_type* type = btf__type_by_id(kernel, struct_id);
  const btf_member* members = btf_members(type);
  for (int i = 0; i < btf_vlen(type); ++i) {
    if (std::string_view(btf__name_by_offset(kernel, members[i].name_off)) == name)
      return {btf_member_bit_offset(type, static_cast<uint32_t>(i)),
              static_cast<uint32_t>(btf__resolve_type(kernel, members[i].type))};
  }
  ADD_FAILURE() << "libbpf finds no member " << name;
  return {0, 0};
}

// The walk over the kernel's own BTF, read both ways, finds what libbpf's
// parser does.
TEST(KernelBtf, PidNamespaceInumIsWhereLibbpfSeesIt) {
  std::unique_ptr<btf, decltype(&btf__free)> kernel(btf__load_vmlinux_btf(), btf__free);
  ASSERT_TRUE(kernel);
  int pidns = btf__find_by_name_kind(kernel.get(), "pid_namespace", BTF_KIND_STRUCT);
  ASSERT_GT(pidns, 0);
  auto [ns_bits, ns_type] = libbpf_member(kernel.get(), static_cast<uint32_t>(pidns), "ns");
  uint32_t inum_bits = libbpf_member(kernel.get(), ns_type, "inum").first;
  uint32_t expected = (ns_bits + inum_bits) / 8;

  EXPECT_EQ(pid_namespace_inum_offset(), expected);
  const std::vector<std::string_view> path = {"ns", "inum"};
  const BtfField inum{expected, 4};
  EXPECT_EQ(find_field_in(kVmlinux, BtfReads::kByBlocks, "pid_namespace", path), inum);
  auto mapped = find_field_in(kVmlinux, BtfReads::kMapped, "pid_namespace", path);
  auto version = running_kernel_version();
  if (version && *version < KernelVersion{6, 16}) {
    EXPECT_FALSE(mapped) << "this kernel maps its BTF: say so in kernel_btf.h";
  } else {
    EXPECT_EQ(mapped, inum);
  }
}

}  // namespace
}  // namespace sigtrace::testing
