#include "model/signal_set.h"

#include <gtest/gtest.h>
#include <signal.h>

#include "common/error.h"

namespace sigtrace {
namespace {

TEST(SignalList, ParsesMixedEntries) {
  SignalSet set = parse_signal_list("USR1,SIGTERM,9,rtmin+1");
  EXPECT_TRUE(set.contains(SIGUSR1));
  EXPECT_TRUE(set.contains(SIGTERM));
  EXPECT_TRUE(set.contains(SIGKILL));
  EXPECT_TRUE(set.contains(35));
  EXPECT_FALSE(set.contains(SIGUSR2));
  EXPECT_FALSE(set.contains(0));
}

TEST(SignalList, NamesTheBadEntry) {
  try {
    parse_signal_list("USR1,SIGFOO,TERM");
    FAIL() << "no error";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("'SIGFOO'"), std::string::npos) << e.what();
  }
  EXPECT_THROW(parse_signal_list(""), UsageError);
  EXPECT_THROW(parse_signal_list("USR1,"), UsageError);
  EXPECT_THROW(parse_signal_list("65"), UsageError);
  try {
    parse_signal_list("1,,2");
    FAIL() << "no error";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("'1,,2'"), std::string::npos) << e.what();
  }
}

TEST(SignalWords, BitNIsSignalN) {
  SignalSet set = parse_signal_list("1,63,64");
  auto words = set.words();
  EXPECT_EQ(words[0], (uint64_t{1} << 1) | (uint64_t{1} << 63));
  EXPECT_EQ(words[1], uint64_t{1});
}

TEST(SignalFilter, NoneWithoutFlags) {
  EXPECT_FALSE(resolve_signal_filter(std::nullopt, std::nullopt, false).has_value());
}

TEST(SignalFilter, ExcludeAloneMeansAllOthers) {
  auto set = resolve_signal_filter(std::nullopt, "CHLD,WINCH", false);
  ASSERT_TRUE(set);
  EXPECT_FALSE(set->contains(SIGCHLD));
  EXPECT_FALSE(set->contains(SIGWINCH));
  EXPECT_TRUE(set->contains(SIGKILL));
  EXPECT_TRUE(set->contains(64));
  EXPECT_FALSE(set->contains(0));
}

TEST(SignalFilter, ExcludeInKillOnlyModeKeepsProbes) {
  auto set = resolve_signal_filter(std::nullopt, "CHLD", true);
  ASSERT_TRUE(set);
  EXPECT_TRUE(set->contains(0));
}

TEST(SignalFilter, IncludeMinusExclude) {
  auto set = resolve_signal_filter("TERM,KILL,INT", "KILL", false);
  ASSERT_TRUE(set);
  EXPECT_TRUE(set->contains(SIGTERM));
  EXPECT_TRUE(set->contains(SIGINT));
  EXPECT_FALSE(set->contains(SIGKILL));
}

TEST(SignalFilter, SignalZeroOnlyWithKillOnly) {
  EXPECT_THROW(resolve_signal_filter("0", std::nullopt, false), UsageError);
  auto set = resolve_signal_filter("0", std::nullopt, true);
  ASSERT_TRUE(set);
  EXPECT_TRUE(set->contains(0));
}

TEST(SignalFilter, ExcludingEverythingIsAnError) {
  EXPECT_THROW(resolve_signal_filter("TERM", "TERM", false), UsageError);
}

}  // namespace
}  // namespace sigtrace
