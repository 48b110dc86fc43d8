#include "model/signal_names.h"

#include <gtest/gtest.h>
#include <signal.h>

namespace sigtrace {
namespace {

TEST(SignalName, ClassicSignals) {
  EXPECT_EQ(signal_name(SIGHUP), "SIGHUP");
  EXPECT_EQ(signal_name(SIGKILL), "SIGKILL");
  EXPECT_EQ(signal_name(SIGUSR1), "SIGUSR1");
  EXPECT_EQ(signal_name(SIGSEGV), "SIGSEGV");
  EXPECT_EQ(signal_name(SIGCHLD), "SIGCHLD");
  EXPECT_EQ(signal_name(SIGSYS), "SIGSYS");
}

TEST(SignalName, RealTimeSignalsCountFromBothEnds) {
  EXPECT_EQ(signal_name(32), "SIG32");
  EXPECT_EQ(signal_name(33), "SIG33");
  EXPECT_EQ(signal_name(34), "SIGRTMIN");
  EXPECT_EQ(signal_name(35), "SIGRTMIN+1");
  EXPECT_EQ(signal_name(49), "SIGRTMIN+15");
  EXPECT_EQ(signal_name(50), "SIGRTMAX-14");
  EXPECT_EQ(signal_name(63), "SIGRTMAX-1");
  EXPECT_EQ(signal_name(64), "SIGRTMAX");
}

TEST(SignalName, ProbeAndOutOfRange) {
  EXPECT_EQ(signal_name(0), "0");
  EXPECT_EQ(signal_name(65), "65");
  EXPECT_EQ(signal_name(-3), "-3");
}

TEST(ParseSignal, NamesWithOrWithoutPrefixInAnyCase) {
  EXPECT_EQ(parse_signal("USR1"), SIGUSR1);
  EXPECT_EQ(parse_signal("SIGUSR1"), SIGUSR1);
  EXPECT_EQ(parse_signal("sigterm"), SIGTERM);
  EXPECT_EQ(parse_signal("Kill"), SIGKILL);
  EXPECT_EQ(parse_signal("IOT"), SIGABRT);
  EXPECT_EQ(parse_signal("SIGCLD"), SIGCHLD);
  EXPECT_EQ(parse_signal("POLL"), SIGIO);
}

TEST(ParseSignal, Numbers) {
  EXPECT_EQ(parse_signal("9"), 9);
  EXPECT_EQ(parse_signal("0"), 0);
  EXPECT_EQ(parse_signal("64"), 64);
  EXPECT_EQ(parse_signal("65"), std::nullopt);
  EXPECT_EQ(parse_signal("-1"), std::nullopt);
  EXPECT_EQ(parse_signal("9x"), std::nullopt);
}

TEST(ParseSignal, RealTime) {
  EXPECT_EQ(parse_signal("RTMIN"), 34);
  EXPECT_EQ(parse_signal("SIGRTMIN+3"), 37);
  EXPECT_EQ(parse_signal("rtmax-2"), 62);
  EXPECT_EQ(parse_signal("RTMAX"), 64);
  EXPECT_EQ(parse_signal("RTMIN+31"), std::nullopt);
  EXPECT_EQ(parse_signal("RTMIN-1"), std::nullopt);
  EXPECT_EQ(parse_signal("RTMIN+"), std::nullopt);
  EXPECT_EQ(parse_signal("RTMIN+2147483647"), std::nullopt);
  EXPECT_EQ(parse_signal("RTMAX--2147483648"), std::nullopt);
  EXPECT_EQ(parse_signal("RTMAX-+3"), std::nullopt);
  EXPECT_EQ(parse_signal("SIG32"), 32);
}

TEST(ParseSignal, Rejects) {
  EXPECT_EQ(parse_signal(""), std::nullopt);
  EXPECT_EQ(parse_signal("SIG"), std::nullopt);
  EXPECT_EQ(parse_signal("FOO"), std::nullopt);
  EXPECT_EQ(parse_signal("SIGSIGUSR1"), std::nullopt);
  EXPECT_EQ(parse_signal(" USR1"), std::nullopt);
}

TEST(ParseSignal, EveryNameRoundTrips) {
  for (int sig = 1; sig <= kMaxSignal; ++sig) {
    EXPECT_EQ(parse_signal(signal_name(sig)), sig) << signal_name(sig);
  }
}

}  // namespace
}  // namespace sigtrace
