// Reading kallsyms: text symbols only, by address, whichever way it is read.
#include "enrich/kernel_symbols.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <fstream>
#include <string>

namespace sigtrace {
namespace {

class KallsymsFile : public ::testing::Test {
 protected:
  void SetUp() override {
    int fd = mkstemp(path_.data());
    ASSERT_GE(fd, 0);
    close(fd);
    // Out of order, with data symbols, a module's, and no final newline.
    std::ofstream(path_) << "ffffffff81300000 T oom_kill_process\n"
                            "ffffffff81100000 t do_send_sig_info\n"
                            "ffffffff81200000 D some_data\n"
                            "ffffffff81300400 T __oom_kill_process\n"
                            "ffffffffc0001000 t mod_func\t[some_module]\n"
                            "0000000000000000 T hidden_by_kptr_restrict\n"
                            "ffffffff81400000 T last_one";
  }
  void TearDown() override { unlink(path_.c_str()); }

  std::string path_ = "/tmp/sigtrace-kallsyms-XXXXXX";
};

TEST_F(KallsymsFile, TextSymbolsByAddress) {
  auto symbols = read_text_symbols(path_);
  ASSERT_EQ(symbols.size(), 5u);
  EXPECT_EQ(symbols[0].name, "do_send_sig_info");
  EXPECT_EQ(symbols[1].name, "oom_kill_process");
  EXPECT_EQ(symbols[2].name, "__oom_kill_process");
  EXPECT_EQ(symbols[3].name, "last_one");
  EXPECT_EQ(symbols[4].name, "mod_func");
  EXPECT_EQ(symbols[4].address, 0xffffffffc0001000u);
}

TEST_F(KallsymsFile, FunctionAtReadsOnFirstUse) {
  KernelSymbols symbols(path_);
  EXPECT_EQ(symbols.function_at(0xffffffff81300010u), "oom_kill_process");
  EXPECT_EQ(symbols.function_at(0xffffffff81300400u), "__oom_kill_process");
  EXPECT_EQ(symbols.function_at(0xffffffff81000000u), "");
}

TEST_F(KallsymsFile, FunctionAtWaitsForTheBackgroundRead) {
  KernelSymbols symbols(path_);
  symbols.load_in_background();
  EXPECT_EQ(symbols.function_at(0xffffffff81100020u), "do_send_sig_info");
  EXPECT_EQ(symbols.function_at(0xffffffffc0001004u), "mod_func");
}

TEST(KernelSymbols, MissingFileKnowsNothing) {
  KernelSymbols symbols("/nonexistent/kallsyms");
  symbols.load_in_background();
  EXPECT_EQ(symbols.function_at(0xffffffff81100020u), "");
}

// Destroyed while its read may still run: it stops and is joined.
TEST(KernelSymbols, DestroyedDuringTheBackgroundRead) {
  for (int i = 0; i < 3; ++i) {
    KernelSymbols symbols;
    symbols.load_in_background();
  }
}

}  // namespace
}  // namespace sigtrace
