// Detaching: every attachment of every object is let go of (all at once,
// detach_together()), so that a signal sent after it is traced by nothing,
// while what was traced before it is still read.
#include <gtest/gtest.h>
#include <signal.h>

#include "child.h"
#include "event_log.h"
#include "processes.h"
#include "tracing.h"

namespace sigtrace::testing {
namespace {

class Detach : public ::testing::TestWithParam<Mode> {};

TEST_P(Detach, TracesNothingSentAfterIt) {
  Child target = spawn_target({.name = "dt-target", .handled = {SIGUSR1, SIGUSR2}});
  Child before =
      spawn_sender({.name = "dt-before"}, [&] { return errno_of(kill(target.pid(), SIGUSR1)); });
  Child after =
      spawn_sender({.name = "dt-after"}, [&] { return errno_of(kill(target.pid(), SIGUSR2)); });
  KernelFilter filter;
  filter.tpid = target.pid();
  auto tracer = start_tracer(GetParam(), filter);
  ASSERT_EQ(run_sender(before), 0);
  EventLog log;
  ASSERT_EQ(wait_for(*tracer, log, sent_by(before.pid())).size(), 1u) << describe(log.events());
  tracer->detach();
  ASSERT_EQ(run_sender(after), 0);
  tracer->drain(log);
  EXPECT_EQ(log.matching(sent_by(before.pid())).size(), 1u) << describe(log.events());
  EXPECT_TRUE(log.matching(sent_by(after.pid())).empty()) << describe(log.events());
}

INSTANTIATE_TEST_SUITE_P(BothModes, Detach, ::testing::Values(Mode::kGenerate, Mode::kKillOnly));

}  // namespace
}  // namespace sigtrace::testing
