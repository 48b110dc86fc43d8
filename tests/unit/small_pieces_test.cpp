// Kernel release parsing, the filter's .rodata layout, time formatting.
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <time.h>

#include "kernel/kernel_filter.h"
#include "kernel/preflight.h"
#include "output/text_cursor.h"
#include "output/time_format.h"

namespace sigtrace {
namespace {

TEST(KernelRelease, Parses) {
  EXPECT_EQ(parse_kernel_release("6.1.0-18-amd64"), (KernelVersion{6, 1}));
  EXPECT_EQ(parse_kernel_release("5.8.0"), (KernelVersion{5, 8}));
  EXPECT_EQ(parse_kernel_release("2.6.60-fake"), (KernelVersion{2, 6}));
  EXPECT_EQ(parse_kernel_release("6.18.44-fc-v769"), (KernelVersion{6, 18}));
  EXPECT_FALSE(parse_kernel_release("linux"));
  EXPECT_FALSE(parse_kernel_release("6"));
  EXPECT_LT((KernelVersion{5, 7}), (KernelVersion{5, 8}));
  EXPECT_LT((KernelVersion{4, 19}), (KernelVersion{5, 8}));
}

TEST(KernelFilterConfig, OffByDefault) {
  sigtrace_config config{};
  apply_filter({}, config);
  EXPECT_FALSE(config.match_pid || config.match_tid || config.match_uid || config.match_gid ||
               config.match_tpid || config.match_comm || config.match_signal ||
               config.filter_mntns || config.failed_only);
}

TEST(KernelFilterConfig, EverySetting) {
  KernelFilter filter;
  filter.pid = 1;
  filter.tid = 2;
  filter.uid = 3;
  filter.gid = 4;
  filter.tpid = -5;
  filter.comm = "0123456789abcde";
  filter.signals = parse_signal_list("HUP,64");
  filter.failed_only = true;
  filter.mntns_mode = SIGTRACE_MNTNS_EXCEPT;
  filter.mntns_ids = {42};
  sigtrace_config config{};
  apply_filter(filter, config);
  EXPECT_TRUE(config.match_pid && config.match_tid && config.match_uid && config.match_gid &&
              config.match_tpid && config.match_comm && config.match_signal);
  EXPECT_EQ(config.pid, 1u);
  EXPECT_EQ(config.tid, 2u);
  EXPECT_EQ(config.uid, 3u);
  EXPECT_EQ(config.gid, 4u);
  EXPECT_EQ(config.tpid, -5);
  EXPECT_STREQ(config.comm, "0123456789abcde");
  EXPECT_EQ(config.signals[0], uint64_t{1} << SIGHUP);
  EXPECT_EQ(config.signals[1], uint64_t{1});
  EXPECT_TRUE(config.failed_only);
  EXPECT_EQ(config.filter_mntns, SIGTRACE_MNTNS_EXCEPT);
}

class TimeFormatTest : public ::testing::Test {
 protected:
  void SetUp() override {
    setenv("TZ", "UTC", 1);
    tzset();
  }
};

TEST_F(TimeFormatTest, ClockAndRfc3339) {
  TimeFormat format;
  std::string out;
  format.append_clock(out, 1795515630000001000ull);
  EXPECT_EQ(out, "10:20:30.000001");
  out.clear();
  format.append_rfc3339(out, 1795515631000000007ull);
  EXPECT_EQ(out, "2026-11-24T10:20:31.000000007Z");
}

TEST(TimeFormatZone, OffsetAwayFromUtc) {
  setenv("TZ", "CET-1", 1);
  tzset();
  TimeFormat format;
  std::string out;
  format.append_rfc3339(out, 1795515630000000000ull);
  EXPECT_EQ(out, "2026-11-24T11:20:30.000000000+01:00");
  setenv("TZ", "UTC", 1);
  tzset();
}

// The cursor appends after what the string held, grows past its first
// room, lets a string writer in between, and leaves no room behind.
TEST(TextCursor, AppendsGrowsAndGivesBackTheRest) {
  std::string out = "head:";
  {
    TextCursor cursor(out, 8);
    cursor.put('a');
    cursor.number(-1234567890123456789ll);
    cursor.put(std::string(5000, 'b'));
    cursor.through_string([](std::string& text) { text += "<string>"; });
    cursor.number(42u);
  }
  EXPECT_EQ(out, "head:a-1234567890123456789" + std::string(5000, 'b') + "<string>42");
  { TextCursor nothing(out); }
  EXPECT_EQ(out.size(), 5u + 1 + 20 + 5000 + 8 + 2);
}

}  // namespace
}  // namespace sigtrace
