// Which number stands for the target: the host's view, and the sender's.
#include "events/target_view.h"

#include <gtest/gtest.h>

namespace sigtrace {
namespace {

sigtrace_event generated(int32_t tpid, int32_t nspid) {
  sigtrace_event e{};
  e.source = SIGTRACE_SOURCE_GENERATE;
  e.target.tid = static_cast<uint32_t>(tpid);
  e.target_nspid = nspid;
  e.ntargets = 1;
  return e;
}

sigtrace_event called(int32_t argument, uint8_t level, uint32_t resolved, uint32_t ntargets) {
  sigtrace_event e{};
  e.source = SIGTRACE_SOURCE_KILL;
  e.pid_arg = argument;
  e.sender.pidns_level = level;
  e.target.tid = resolved;
  e.ntargets = ntargets;
  return e;
}

TEST(TargetView, GenerateIsTheHostView) {
  EXPECT_EQ(host_tpid(generated(4242, 4242)), 4242);
  EXPECT_EQ(sender_tpid(generated(4242, 4242)), std::nullopt);
  EXPECT_EQ(sender_tpid(generated(4242, 6)), 6);
  // The target is not visible from the sender's namespace.
  EXPECT_EQ(sender_tpid(generated(4242, 0)), std::nullopt);
}

TEST(TargetView, KillFromTheHost) {
  EXPECT_EQ(host_tpid(called(4242, 0, 4242, 1)), 4242);
  EXPECT_EQ(sender_tpid(called(4242, 0, 4242, 1)), std::nullopt);
  // ESRCH: nothing resolved, but the host's numbering.
  EXPECT_EQ(host_tpid(called(999999, 0, 0, 0)), 999999);
  // kill(-pgid): several tasks, the argument.
  EXPECT_EQ(host_tpid(called(-300, 0, 301, 3)), -300);
  EXPECT_EQ(single_target_tid(called(-300, 0, 301, 3)), std::nullopt);
  EXPECT_EQ(sender_tpid(called(-300, 0, 301, 3)), std::nullopt);
  // killpg() of a group of one: that task, and no second view of it.
  EXPECT_EQ(host_tpid(called(-301, 0, 301, 1)), 301);
  EXPECT_EQ(single_target_tid(called(-301, 0, 301, 1)), 301u);
  EXPECT_EQ(sender_tpid(called(-301, 0, 301, 1)), std::nullopt);
}

TEST(TargetView, KillFromAContainer) {
  // Resolved by signal_target: host pid, and the argument as the sender's view.
  EXPECT_EQ(host_tpid(called(6, 1, 4242, 1)), 4242);
  EXPECT_EQ(sender_tpid(called(6, 1, 4242, 1)), 6);
  // kill(pid, 0) or ESRCH: no host pid to give.
  EXPECT_EQ(host_tpid(called(1, 1, 0, 0)), 0);
  EXPECT_EQ(sender_tpid(called(1, 1, 0, 0)), 1);
  // kill(-pgid) in a container: the group is the container's.
  EXPECT_EQ(host_tpid(called(-5, 1, 4300, 2)), 0);
  EXPECT_EQ(sender_tpid(called(-5, 1, 4300, 2)), -5);
  // 0 and -1 mean the same everywhere.
  EXPECT_EQ(host_tpid(called(0, 1, 4300, 2)), 0);
  EXPECT_EQ(host_tpid(called(-1, 1, 4300, 7)), -1);
  EXPECT_EQ(sender_tpid(called(-1, 1, 4300, 7)), std::nullopt);
}

}  // namespace
}  // namespace sigtrace
