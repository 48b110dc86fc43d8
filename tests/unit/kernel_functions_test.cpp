// Reading kallsyms: where the functions asked for start and end, whichever
// way it is read.
#include "enrich/kernel_functions.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <fstream>
#include <string>

namespace sigtrace {
namespace {

const std::vector<std::string> kOomKiller = {"oom_kill_process", "__oom_kill_process"};

class KallsymsFile : public ::testing::Test {
 protected:
  void SetUp() override {
    int fd = mkstemp(path_.data());
    ASSERT_GE(fd, 0);
    close(fd);
    // Out of order, with data symbols, a module's, a hidden address and no
    // final newline.
    std::ofstream(path_) << "ffffffff81300000 T oom_kill_process\n"
                            "ffffffff81100000 t do_send_sig_info\n"
                            "ffffffff81300200 D some_data\n"
                            "ffffffff81300400 T __oom_kill_process\n"
                            "ffffffffc0001000 t mod_func\t[some_module]\n"
                            "0000000000000000 T hidden_by_kptr_restrict\n"
                            "ffffffff81300900 T after_the_oom_killer";
  }
  void TearDown() override { unlink(path_.c_str()); }

  std::string path_ = "/tmp/sigtrace-kallsyms-XXXXXX";
};

TEST_F(KallsymsFile, RangesEndAtTheNextTextSymbol) {
  auto ranges = read_function_ranges(path_, kOomKiller);
  ASSERT_EQ(ranges.size(), 2u);
  EXPECT_EQ(ranges[0].start, 0xffffffff81300000u);
  EXPECT_EQ(ranges[0].end, 0xffffffff81300400u);  // data symbols do not end it
  EXPECT_EQ(ranges[1].start, 0xffffffff81300400u);
  EXPECT_EQ(ranges[1].end, 0xffffffff81300900u);
}

TEST_F(KallsymsFile, ContainReadsOnFirstUse) {
  KernelFunctions oom_killer(kOomKiller, path_);
  EXPECT_TRUE(oom_killer.contain(0xffffffff81300010u));
  EXPECT_TRUE(oom_killer.contain(0xffffffff813008ffu));
  EXPECT_FALSE(oom_killer.contain(0xffffffff81300900u));
  EXPECT_FALSE(oom_killer.contain(0xffffffff81100020u));
}

TEST_F(KallsymsFile, ContainWaitsForTheBackgroundRead) {
  KernelFunctions functions({"mod_func"}, path_);
  functions.load_in_background();
  EXPECT_TRUE(functions.contain(0xffffffffc0001004u));
  EXPECT_FALSE(functions.contain(0xffffffff81300010u));
}

TEST(KernelFunctions, MissingFileKnowsNothing) {
  KernelFunctions oom_killer(kOomKiller, "/nonexistent/kallsyms");
  oom_killer.load_in_background();
  EXPECT_FALSE(oom_killer.contain(0xffffffff81300010u));
}

// This kernel's: the OOM killer is there (root reads the real addresses).
TEST(KernelFunctions, ThisKernelHasTheOomKiller) {
  if (geteuid() != 0) GTEST_SKIP() << "kallsyms shows addresses to root only";
  auto ranges = read_function_ranges("/proc/kallsyms", kOomKiller);
  ASSERT_FALSE(ranges.empty());
  for (const auto& range : ranges)
    EXPECT_LT(range.start, range.end);
}

// Destroyed while its read may still run: it stops and is joined.
TEST(KernelFunctions, DestroyedDuringTheBackgroundRead) {
  for (int i = 0; i < 3; ++i) {
    KernelFunctions oom_killer(kOomKiller);
    oom_killer.load_in_background();
  }
}

}  // namespace
}  // namespace sigtrace
