// The perf-buffer path (--perf-buffer, and kernels without a ring buffer)
// must give the same events as the ring buffer. Two tracers watch the same
// signals at once, one per transport.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>

#include "child.h"
#include "common/unique_fd.h"
#include "event_log.h"
#include "output/sanitize.h"
#include "processes.h"
#include "tracing.h"

namespace sigtrace::testing {
namespace {

// Everything but the time: each program reads the clock itself.
bool same_event(sigtrace_event a, sigtrace_event b) {
  a.header.timestamp_ns = b.header.timestamp_ns = 0;
  return std::memcmp(&a, &b, sizeof(a)) == 0;
}

void by_time(Events& events) {
  std::stable_sort(events.begin(), events.end(), [](const auto& a, const auto& b) {
    return a.header.timestamp_ns < b.header.timestamp_ns;
  });
}

class Transports : public ::testing::TestWithParam<Mode> {};

TEST_P(Transports, PerfBufferGivesTheSameEventsAsRingBuffer) {
  Child target = spawn_target({.name = "tr-target", .handled = {SIGUSR1}, .ignored = {SIGUSR2}});
  Child sender = spawn_sender({.name = "tr-sender"}, [&] {
    return errno_of(kill(target.pid(), SIGUSR1)) | errno_of(kill(target.pid(), SIGUSR2)) |
           errno_of(syscall(SYS_tkill, target.pid(), SIGUSR1)) |
           errno_of(syscall(SYS_tgkill, target.pid(), target.pid(), SIGUSR2));
  });
  auto ring = start_tracer(GetParam(), only_sender(sender.pid()), Transport::kRingBuffer);
  auto perf = start_tracer(GetParam(), only_sender(sender.pid()), Transport::kPerfBuffer);
  ASSERT_EQ(ring->transport(), Transport::kRingBuffer);
  ASSERT_EQ(perf->transport(), Transport::kPerfBuffer);
  ASSERT_EQ(run_sender(sender), 0);

  EventLog ring_log;
  EventLog perf_log;
  Events from_ring = wait_for(*ring, ring_log, signalled_by(sender.pid()), 4);
  Events from_perf = wait_for(*perf, perf_log, signalled_by(sender.pid()), 4);
  ASSERT_EQ(from_ring.size(), 4u) << describe(ring_log.events());
  ASSERT_EQ(from_perf.size(), 4u) << describe(perf_log.events());
  // Perf buffers are per CPU and read one CPU after the other: a sender
  // that moved between CPUs is read out of order. Time orders both.
  by_time(from_ring);
  by_time(from_perf);
  for (size_t i = 0; i < from_ring.size(); ++i) {
    EXPECT_TRUE(same_event(from_ring[i], from_perf[i]))
        << "ring: " << describe(from_ring[i]) << "\nperf: " << describe(from_perf[i]);
  }
  EXPECT_EQ(ring->losses().total(), 0u);
  EXPECT_EQ(perf->losses().total(), 0u);
}

// Each transport alone: the target as the kernel describes it.
TEST_P(Transports, TargetIsReadFromTheKernel) {
  for (Transport transport : {Transport::kRingBuffer, Transport::kPerfBuffer}) {
    Child target = spawn_target({.name = "tr-named", .handled = {SIGUSR1}});
    Child sender =
        spawn_sender({.name = "tr-namer"}, [&] { return errno_of(kill(target.pid(), SIGUSR1)); });
    auto tracer = start_tracer(GetParam(), only_sender(sender.pid()), transport);
    ASSERT_EQ(tracer->target_resolution_problem(), "");
    ASSERT_EQ(run_sender(sender), 0);
    EventLog log;
    Events events = wait_for(*tracer, log, signalled_by(sender.pid()));
    ASSERT_EQ(events.size(), 1u) << describe(log.events());
    const sigtrace_event& e = events[0];
    EXPECT_EQ(e.target.tid, static_cast<uint32_t>(target.pid()));
    EXPECT_EQ(e.target.tgid, static_cast<uint32_t>(target.pid()));
    EXPECT_EQ(e.target_nspid, target.pid());
    EXPECT_EQ(e.target.mntns_id, namespace_id(target.pid(), "mnt"));
    EXPECT_EQ(fixed_text(e.target.comm), "tr-named");
  }
}

INSTANTIATE_TEST_SUITE_P(BothModes, Transports, ::testing::Values(Mode::kGenerate, Mode::kKillOnly),
                         [](const auto& info) {
                           return info.param == Mode::kKillOnly ? "KillOnly" : "Generate";
                         });

}  // namespace
}  // namespace sigtrace::testing

namespace sigtrace::testing {
namespace {

// A ring buffer of four pages, read while it wraps around again and again:
// 152-byte records land across its end at every offset.
TEST(RingBuffer, RecordsAcrossTheEndArriveWhole) {
  constexpr int kChunks = 12;
  constexpr int kPerChunk = 60;
  TracerOptions options;
  options.mode = Mode::kGenerate;
  options.transport = Transport::kRingBuffer;
  options.buffer_bytes = 16 * 1024;
  options.wakeup_interval = std::chrono::milliseconds(1);
  Child target = spawn_target({.name = "rb-target", .ignored = {SIGUSR2}});
  Child sender = Child::spawn(
      [&](Child& self) {
        set_comm("rb-sender");
        for (int chunk = 0; chunk < kChunks; ++chunk) {
          self.wait_for_go();
          for (int i = 0; i < kPerChunk; ++i)
            kill(target.pid(), SIGUSR2);
          self.send(chunk);
        }
        return 0;
      },
      false);
  KernelFilter filter;
  filter.tpid = target.pid();
  options.filter = filter;
  Tracer tracer(options);
  EventLog log;
  for (int chunk = 0; chunk < kChunks; ++chunk) {
    sender.go();
    ASSERT_EQ(sender.receive(), chunk);
    Events events = wait_for(tracer, log, signalled_by(sender.pid()), (chunk + 1) * kPerChunk);
    ASSERT_EQ(events.size(), static_cast<size_t>((chunk + 1) * kPerChunk));
  }
  for (const auto& e : log.matching(signalled_by(sender.pid()))) {
    ASSERT_EQ(fixed_text(e.sender.comm), "rb-sender") << describe(e);
    ASSERT_EQ(fixed_text(e.target.comm), "rb-target") << describe(e);
    ASSERT_EQ(e.target.tid, static_cast<uint32_t>(target.pid()));
    ASSERT_EQ(e.sig, SIGUSR2);
    ASSERT_EQ(e.result, 1);  // ignored
  }
  EXPECT_EQ(tracer.losses().total(), 0u);
}

// While events keep coming, reads come after a pause that waiting data does
// not cut short; a wake_on() descriptor does, and so does a buffer found
// filling fast by the read before.
TEST(RingBuffer, APauseEndsForAWakeupOrAFillingBufferNotForData) {
  using std::chrono::milliseconds, std::chrono::seconds;
  using Clock = std::chrono::steady_clock;
  constexpr size_t kBufferBytes = 64 * 1024;
  Child target = spawn_target({.name = "pause-target", .ignored = {SIGUSR2}});
  TracerOptions options;
  options.mode = Mode::kGenerate;
  options.transport = Transport::kRingBuffer;
  options.buffer_bytes = kBufferBytes;
  KernelFilter filter;
  filter.tpid = target.pid();
  options.filter = filter;
  Tracer tracer(options);
  auto send = [&](size_t signals) {
    for (size_t i = 0; i < signals; ++i)
      ASSERT_EQ(kill(target.pid(), SIGUSR2), 0);
  };
  EventLog log;

  send(1);
  auto start = Clock::now();
  EXPECT_EQ(tracer.pause_then_drain(milliseconds(200), log), 1);
  EXPECT_GE(Clock::now() - start, milliseconds(200));

  UniqueFd wakeup(eventfd(1, EFD_CLOEXEC));
  ASSERT_TRUE(wakeup.valid());
  tracer.wake_on(wakeup.get());
  send(1);
  start = Clock::now();
  EXPECT_EQ(tracer.pause_then_drain(seconds(60), log), 1);
  EXPECT_LT(Clock::now() - start, seconds(30));
  uint64_t count = 0;
  ASSERT_EQ(read(wakeup.get(), &count, sizeof(count)), static_cast<ssize_t>(sizeof(count)));

  // An eighth of the buffer and more in one read.
  const size_t many = kBufferBytes / 8 / sizeof(sigtrace_event) + 8;
  send(many);
  EXPECT_EQ(tracer.drain(log), static_cast<int>(many));
  send(1);
  start = Clock::now();
  EXPECT_EQ(tracer.pause_then_drain(seconds(60), log), 1);
  EXPECT_LT(Clock::now() - start, seconds(30));
  EXPECT_EQ(tracer.losses().total(), 0u);
}

}  // namespace
}  // namespace sigtrace::testing

namespace sigtrace::testing {
namespace {

// Tracers loaded both ways (a loader program the kernel runs, and libbpf's
// classic loading, the fallback for kernels before 5.17) give the same
// events, in both modes.
class LoadMethods : public ::testing::TestWithParam<Mode> {};

std::unique_ptr<Tracer> start_loaded_by(const char* method, Mode mode, const KernelFilter& filter) {
  setenv("SIGTRACE_LOADER", method, 1);
  auto tracer = start_tracer(mode, filter);
  unsetenv("SIGTRACE_LOADER");
  return tracer;
}

TEST_P(LoadMethods, BothGiveTheSameEvents) {
  Child target = spawn_target({.name = "lm-target", .handled = {SIGUSR1}});
  Child sender = spawn_sender({.name = "lm-sender"}, [&] {
    return errno_of(kill(target.pid(), SIGUSR1)) |
           errno_of(syscall(SYS_tgkill, target.pid(), target.pid(), SIGUSR1));
  });
  auto generated = start_loaded_by("generated", GetParam(), only_sender(sender.pid()));
  auto classic = start_loaded_by("libbpf", GetParam(), only_sender(sender.pid()));
  ASSERT_EQ(classic->load_method(), LoadMethod::kLibbpf);
  ASSERT_EQ(generated->load_method(), LoadMethod::kGenerated);
  ASSERT_EQ(classic->target_resolution_problem(), "");
  ASSERT_EQ(generated->target_resolution_problem(), "");
  ASSERT_EQ(run_sender(sender), 0);

  EventLog generated_log;
  EventLog classic_log;
  Events from_generated = wait_for(*generated, generated_log, signalled_by(sender.pid()), 2);
  Events from_classic = wait_for(*classic, classic_log, signalled_by(sender.pid()), 2);
  ASSERT_EQ(from_generated.size(), 2u) << describe(generated_log.events());
  ASSERT_EQ(from_classic.size(), 2u) << describe(classic_log.events());
  for (size_t i = 0; i < from_generated.size(); ++i) {
    EXPECT_TRUE(same_event(from_generated[i], from_classic[i]))
        << "generated: " << describe(from_generated[i])
        << "\nlibbpf:    " << describe(from_classic[i]);
    EXPECT_EQ(fixed_text(from_classic[i].target.comm), "lm-target");
  }
}

INSTANTIATE_TEST_SUITE_P(BothModes, LoadMethods,
                         ::testing::Values(Mode::kGenerate, Mode::kKillOnly), [](const auto& info) {
                           return info.param == Mode::kKillOnly ? "KillOnly" : "Generate";
                         });

}  // namespace
}  // namespace sigtrace::testing
