#include "model/event_names.h"

#include <gtest/gtest.h>
#include <signal.h>

#include <cerrno>

namespace sigtrace {
namespace {

TEST(SiCodeName, GenericCodesForAnySignal) {
  EXPECT_EQ(si_code_name(SIGUSR1, 0), "SI_USER");
  EXPECT_EQ(si_code_name(SIGKILL, 0x80), "SI_KERNEL");
  EXPECT_EQ(si_code_name(SIGSEGV, 0x80), "SI_KERNEL");
  EXPECT_EQ(si_code_name(SIGRTMIN, -1), "SI_QUEUE");
  EXPECT_EQ(si_code_name(SIGALRM, -2), "SI_TIMER");
  EXPECT_EQ(si_code_name(SIGIO, -5), "SI_SIGIO");
  EXPECT_EQ(si_code_name(SIGUSR2, -6), "SI_TKILL");
}

TEST(SiCodeName, PositiveCodesDependOnTheSignal) {
  EXPECT_EQ(si_code_name(SIGSEGV, 1), "SEGV_MAPERR");
  EXPECT_EQ(si_code_name(SIGSEGV, 2), "SEGV_ACCERR");
  EXPECT_EQ(si_code_name(SIGCHLD, 1), "CLD_EXITED");
  EXPECT_EQ(si_code_name(SIGCHLD, 2), "CLD_KILLED");
  EXPECT_EQ(si_code_name(SIGCHLD, 3), "CLD_DUMPED");
  EXPECT_EQ(si_code_name(SIGBUS, 2), "BUS_ADRERR");
  EXPECT_EQ(si_code_name(SIGFPE, 1), "FPE_INTDIV");
  EXPECT_EQ(si_code_name(SIGILL, 1), "ILL_ILLOPC");
  EXPECT_EQ(si_code_name(SIGTRAP, 1), "TRAP_BRKPT");
  EXPECT_EQ(si_code_name(SIGIO, 1), "POLL_IN");
  EXPECT_EQ(si_code_name(SIGSYS, 1), "SYS_SECCOMP");
}

TEST(SiCodeName, UnknownIsEmpty) {
  EXPECT_EQ(si_code_name(SIGUSR1, 1), "");
  EXPECT_EQ(si_code_name(SIGSEGV, 99), "");
  EXPECT_EQ(si_code_name(SIGUSR1, -100), "");
}

TEST(ErrnoName, SymbolicNames) {
  EXPECT_EQ(errno_name(ESRCH), "ESRCH");
  EXPECT_EQ(errno_name(EPERM), "EPERM");
  EXPECT_EQ(errno_name(EINVAL), "EINVAL");
  EXPECT_EQ(errno_name(0), "");
  EXPECT_EQ(errno_name(100000), "");
}

TEST(ResultName, EveryTraceSignalResult) {
  EXPECT_EQ(result_name(0), "delivered");
  EXPECT_EQ(result_name(1), "ignored");
  EXPECT_EQ(result_name(2), "already_pending");
  EXPECT_EQ(result_name(3), "overflow_fail");
  EXPECT_EQ(result_name(4), "lose_info");
  EXPECT_EQ(result_name(5), "");
  EXPECT_EQ(result_name(-1), "");
}

}  // namespace
}  // namespace sigtrace
