// Which number stands for the target: the host's view, and the sender's.
#include "model/target_numbers.h"

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

TargetNumbers numbers(const sigtrace_event& e) {
  return number_target(e, e.target.tid);
}

TEST(TargetView, GenerateIsTheHostView) {
  EXPECT_EQ(numbers(generated(4242, 4242)).tpid, 4242);
  EXPECT_EQ(numbers(generated(4242, 4242)).tnspid, std::nullopt);
  EXPECT_EQ(numbers(generated(4242, 6)).tnspid, 6);
  // The target is not visible from the sender's namespace.
  EXPECT_EQ(numbers(generated(4242, 0)).tnspid, std::nullopt);
}

TEST(TargetView, KillFromTheHost) {
  EXPECT_EQ(numbers(called(4242, 0, 4242, 1)).tpid, 4242);
  EXPECT_EQ(numbers(called(4242, 0, 4242, 1)).tnspid, std::nullopt);
  // ESRCH: nothing resolved, but the host's numbering.
  EXPECT_EQ(numbers(called(999999, 0, 0, 0)).tpid, 999999);
  // kill(-pgid): several tasks, the argument.
  EXPECT_EQ(numbers(called(-300, 0, 301, 3)).tpid, -300);
  EXPECT_EQ(numbers(called(-300, 0, 301, 3)).ttid, std::nullopt);
  EXPECT_EQ(numbers(called(-300, 0, 301, 3)).tnspid, std::nullopt);
  // killpg() of a group of one: that task, and no second view of it.
  EXPECT_EQ(numbers(called(-301, 0, 301, 1)).tpid, 301);
  EXPECT_EQ(numbers(called(-301, 0, 301, 1)).ttid, 301u);
  EXPECT_EQ(numbers(called(-301, 0, 301, 1)).tnspid, std::nullopt);
}

TEST(TargetView, KillFromAContainer) {
  // Resolved by signal_target: host pid, and the argument as the sender's view.
  EXPECT_EQ(numbers(called(6, 1, 4242, 1)).tpid, 4242);
  EXPECT_EQ(numbers(called(6, 1, 4242, 1)).tnspid, 6);
  // kill(pid, 0) or ESRCH: no host pid to give.
  EXPECT_EQ(numbers(called(1, 1, 0, 0)).tpid, 0);
  EXPECT_EQ(numbers(called(1, 1, 0, 0)).tnspid, 1);
  // kill(-pgid) in a container: the group is the container's.
  EXPECT_EQ(numbers(called(-5, 1, 4300, 2)).tpid, 0);
  EXPECT_EQ(numbers(called(-5, 1, 4300, 2)).tnspid, -5);
  // 0 and -1 mean the same everywhere.
  EXPECT_EQ(numbers(called(0, 1, 4300, 2)).tpid, 0);
  EXPECT_EQ(numbers(called(-1, 1, 4300, 7)).tpid, -1);
  EXPECT_EQ(numbers(called(-1, 1, 4300, 7)).tnspid, std::nullopt);
}

}  // namespace
}  // namespace sigtrace
