// Which layout `values` takes in kill-only mode, by the host's pid_max.
#include <gtest/gtest.h>

#include "kernel/call_slots.h"

namespace sigtrace {
namespace {

TEST(CallSlotLayout, AutoIsBySlotsOfEveryTidUpToTheBound) {
  for (uint64_t pid_max : {uint64_t{301}, uint64_t{32768}, kMaxPidMaxForSlotsByTid}) {
    CallSlotLayout layout = choose_call_slots(CallSlots::kAuto, pid_max);
    EXPECT_TRUE(layout.by_tid) << pid_max;
    EXPECT_EQ(layout.entries, pid_max);
  }
}

TEST(CallSlotLayout, AutoHashesBeyondTheBoundOrWithoutAPidMax) {
  for (uint64_t pid_max : {kMaxPidMaxForSlotsByTid + 1, uint64_t{4194304}, uint64_t{0}}) {
    EXPECT_FALSE(choose_call_slots(CallSlots::kAuto, pid_max).by_tid) << pid_max;
  }
}

TEST(CallSlotLayout, ForcedLayoutsHoldWhateverThePidMax) {
  EXPECT_FALSE(choose_call_slots(CallSlots::kHashed, 32768).by_tid);
  CallSlotLayout capped = choose_call_slots(CallSlots::kByTid, 4194304);
  EXPECT_TRUE(capped.by_tid);
  EXPECT_EQ(capped.entries, kMaxPidMaxForSlotsByTid);
}

// Only the kernel's default pid_max has kill_only's outer map of its size.
TEST(CallSlotLayout, OnlyTheDefaultPidMaxIsOfTheDefaultSize) {
  EXPECT_TRUE(choose_call_slots(CallSlots::kAuto, SIGTRACE_DEFAULT_TID_SLOTS).default_size());
  EXPECT_FALSE(choose_call_slots(CallSlots::kAuto, 32769).default_size());
  EXPECT_FALSE(choose_call_slots(CallSlots::kAuto, 301).default_size());
  EXPECT_FALSE(choose_call_slots(CallSlots::kHashed, SIGTRACE_DEFAULT_TID_SLOTS).default_size());
}

}  // namespace
}  // namespace sigtrace
