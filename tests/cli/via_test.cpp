// Where each signal came from (VIA, `via`), and who the sender is when no
// task sent it: real syscalls, a broken pipe, a fault, a timer while every
// CPU is busy, an OOM kill in a memory-limited cgroup, a cgroup.kill write.
// Each run keeps the test's own processes only (-T, --tcomm, -p) and ends
// after the events it waits for (--count).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "child.h"
#include "json_lines.h"
#include "processes.h"
#include "subprocess.h"

namespace sigtrace::testing {
namespace {

using nlohmann::json;

constexpr int kSiKernel = 0x80;
constexpr int kSegvMaperr = 1;

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

// Starts sigtrace -o json with these arguments and waits until it traces.
Subprocess start_json(const std::vector<std::string>& args) {
  Subprocess sigtrace = Subprocess::start(with({sigtrace_binary(), "-o", "json"}, args));
  EXPECT_TRUE(sigtrace.wait_for_stderr(kReady)) << sigtrace.err();
  return sigtrace;
}

std::vector<json> finish(Subprocess& sigtrace) {
  sigtrace.finish();
  return parse_lines(sigtrace);
}

bool write_file(const std::string& path, const std::string& text) {
  int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return false;
  bool written = write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  close(fd);
  return written;
}

bool exists(const std::string& path) {
  return access(path.c_str(), F_OK) == 0;
}

class ViaSyscall : public ::testing::TestWithParam<const char*> {};

// Both modes name the syscall: generate mode from the sender's registers,
// kill-only mode from the program that saw the call.
TEST_P(ViaSyscall, NamesEachSignalSyscall) {
  Child target = spawn_target({.name = "via-target", .handled = {SIGUSR1}});
  std::vector<std::string> args = {"-T", std::to_string(target.pid()), "--count", "4"};
  if (std::string(GetParam()) == "-k") args.push_back("-k");
  Subprocess sigtrace = start_json(args);
  Child sender = spawn_sender({.name = "via-sender"}, [&] {
    kill(target.pid(), SIGUSR1);
    syscall(SYS_tgkill, target.pid(), target.pid(), SIGUSR1);
    sigqueue(target.pid(), SIGUSR1, sigval{});
    int pidfd = static_cast<int>(syscall(SYS_pidfd_open, target.pid(), 0));
    return errno_of(syscall(SYS_pidfd_send_signal, pidfd, SIGUSR1, nullptr, 0));
  });
  ASSERT_EQ(run_sender(sender), 0);
  auto events = finish(sigtrace);

  ASSERT_EQ(events.size(), 4u) << sigtrace.out() << sigtrace.err();
  std::vector<std::string> via;
  for (const json& e : events) {
    EXPECT_EQ(e["proc"]["pid"], sender.pid());
    via.push_back(e["via"]);
  }
  EXPECT_EQ(via,
            (std::vector<std::string>{"kill", "tgkill", "rt_sigqueueinfo", "pidfd_send_signal"}));
}

INSTANTIATE_TEST_SUITE_P(BothModes, ViaSyscall, ::testing::Values("", "-k"), [](const auto& info) {
  return std::string(info.param).empty() ? "Generate" : "KillOnly";
});

TEST(Via, BrokenPipeIsWrite) {
  Subprocess sigtrace = start_json({"--tcomm", "via-pipe", "-s", "PIPE", "--count", "1"});
  Child writer = spawn_sender({.name = "via-pipe"}, [] {
    signal(SIGPIPE, SIG_IGN);
    int ends[2];
    if (pipe(ends) != 0) return 100;
    close(ends[0]);
    return errno_of(write(ends[1], "x", 1));
  });
  ASSERT_EQ(run_sender(writer), EPIPE);
  auto events = finish(sigtrace);

  ASSERT_EQ(events.size(), 1u) << sigtrace.out() << sigtrace.err();
  EXPECT_EQ(events[0]["via"], "write");
  EXPECT_EQ(events[0]["proc"]["pid"], writer.pid());
  EXPECT_EQ(events[0]["tpid"], writer.pid());
  EXPECT_EQ(events[0]["result"], "ignored");
}

TEST(Via, SegfaultIsFault) {
  Subprocess sigtrace = start_json({"--tcomm", "via-segv", "-s", "SEGV", "--count", "1"});
  Child faulting = spawn_sender({.name = "via-segv"}, fault_on_unmapped_page);
  faulting.go();
  int status = faulting.wait();
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV) << status;
  auto events = finish(sigtrace);

  ASSERT_EQ(events.size(), 1u) << sigtrace.out() << sigtrace.err();
  EXPECT_EQ(events[0]["via"], "fault");
  EXPECT_EQ(events[0]["code_raw"], kSegvMaperr);
  EXPECT_EQ(events[0]["proc"]["pid"], faulting.pid());  // the task that faulted
  EXPECT_EQ(events[0]["tpid"], faulting.pid());
}

volatile sig_atomic_t g_alarmed = 0;

// ITIMER_REAL's SIGALRM in 50 ms, caught into g_alarmed.
void alarm_in_50ms() {
  signal(SIGALRM, [](int) { g_alarmed = 1; });
  itimerval in_50ms{};
  in_50ms.it_value.tv_usec = 50000;
  setitimer(ITIMER_REAL, &in_50ms, nullptr);
}

// The timer fires in interrupt context, on whichever task runs: with every
// CPU busy it interrupts one of the busy loops. No task sent it.
TEST(Via, TimerWhileEveryCpuIsBusyIsSentByTheKernel) {
  std::vector<Child> busy;
  for (long cpu = 0; cpu < sysconf(_SC_NPROCESSORS_ONLN); ++cpu) {
    busy.push_back(Child::spawn(
        [](Child&) {
          set_comm("via-busy");
          for (;;) {
          }
          return 0;
        },
        false));
  }
  Subprocess sigtrace = start_json({"--tcomm", "via-alarm", "-s", "ALRM", "--count", "1"});
  Child alarmed = spawn_sender({.name = "via-alarm"}, [] {
    alarm_in_50ms();
    while (!g_alarmed) {
    }
    return 0;
  });
  ASSERT_EQ(run_sender(alarmed), 0);
  auto events = finish(sigtrace);

  ASSERT_EQ(events.size(), 1u) << sigtrace.out() << sigtrace.err();
  const json& e = events[0];
  EXPECT_EQ(e["via"], "interrupt");
  EXPECT_EQ(e["proc"]["pid"], 0);
  EXPECT_EQ(e["proc"]["tid"], 0);
  EXPECT_EQ(e["proc"]["comm"], "[kernel]");
  EXPECT_EQ(e["proc"]["kernel"], true);
  EXPECT_FALSE(e["proc"].contains("parent")) << e;
  EXPECT_EQ(e["tpid"], alarmed.pid());
  EXPECT_EQ(e["code_raw"], kSiKernel);  // ITIMER_REAL's
}

// With the CPUs idle, the timer fires on an idle CPU's task (swapper/N),
// which runs on its own stack what the interrupt left it: still the kernel's.
TEST(Via, TimerWhileTheCpusIdleIsSentByTheKernel) {
  Subprocess sigtrace = start_json({"--tcomm", "via-sleeper", "-s", "ALRM", "--count", "1"});
  Child sleeper = spawn_sender({.name = "via-sleeper"}, [] {
    alarm_in_50ms();
    while (!g_alarmed)
      pause();
    return 0;
  });
  ASSERT_EQ(run_sender(sleeper), 0);
  auto events = finish(sigtrace);

  ASSERT_EQ(events.size(), 1u) << sigtrace.out() << sigtrace.err();
  const json& e = events[0];
  EXPECT_EQ(e["via"], "interrupt") << e;
  EXPECT_EQ(e["proc"]["comm"], "[kernel]") << e;
  EXPECT_EQ(e["tpid"], sleeper.pid());
}

// -p picks a sending task: the timer's signal, sent by the kernel in the
// interrupt that hit that very task, is not its. The marker after it is.
TEST(Via, SenderFilterDropsWhatTheKernelSentWhileTheTaskRan) {
  Child target = spawn_target({.name = "via-marked", .handled = {SIGUSR1}});
  Child alarmed = spawn_sender({.name = "via-self-alrm"}, [&] {
    signal(SIGALRM, [](int) { g_alarmed = 1; });
    itimerval in_20ms{};
    in_20ms.it_value.tv_usec = 20000;
    setitimer(ITIMER_REAL, &in_20ms, nullptr);
    while (!g_alarmed) {
    }
    return errno_of(kill(target.pid(), SIGUSR1));
  });
  Subprocess sigtrace = start_json({"-p", std::to_string(alarmed.pid()), "--count", "1"});
  ASSERT_EQ(run_sender(alarmed), 0);
  auto events = finish(sigtrace);

  ASSERT_EQ(events.size(), 1u) << sigtrace.out() << sigtrace.err();
  EXPECT_EQ(events[0]["sig"], "SIGUSR1") << events[0];
  EXPECT_EQ(events[0]["proc"]["pid"], alarmed.pid());
}

// A memory cgroup of its own, removed when the test ends: cgroup v1's
// memory hierarchy where the host has one, else v2's.
class MemoryCgroup {
 public:
  MemoryCgroup() {
    std::string name = "sigtrace-oom-test-" + std::to_string(getpid());
    if (exists("/sys/fs/cgroup/memory/memory.limit_in_bytes")) {
      dir_ = "/sys/fs/cgroup/memory/" + name;
      limit_file_ = "memory.limit_in_bytes";
    } else if (v2_has_memory()) {
      dir_ = "/sys/fs/cgroup/" + name;
      limit_file_ = "memory.max";
    }
    if (!dir_.empty() && mkdir(dir_.c_str(), 0755) != 0) dir_.clear();
  }
  ~MemoryCgroup() {
    if (!dir_.empty()) rmdir(dir_.c_str());
  }
  bool usable() const { return !dir_.empty(); }
  bool limit(const std::string& bytes) {
    // No swap to escape to: the limit is the memory it has.
    write_file(dir_ + "/memory.swappiness", "0");
    write_file(dir_ + "/memory.swap.max", "0");
    return write_file(dir_ + "/" + limit_file_, bytes);
  }
  // Called in a child: moves the caller in.
  bool join() const { return write_file(dir_ + "/cgroup.procs", std::to_string(getpid())); }

 private:
  static bool v2_has_memory() {
    std::ifstream controllers("/sys/fs/cgroup/cgroup.controllers");
    std::string word;
    while (controllers >> word) {
      if (word == "memory") return true;
    }
    return false;
  }
  std::string dir_;
  std::string limit_file_;
};

void touch(size_t bytes) {
  auto* memory = static_cast<volatile char*>(malloc(bytes));
  for (size_t i = 0; i < bytes; i += 4096)
    memory[i] = 1;
}

// The victim holds more than the allocator when the cgroup runs out: the
// OOM killer picks the victim, and the allocator's allocation triggered it.
TEST(Via, OomKillNamesTheVictimAndTheTrigger) {
  MemoryCgroup cgroup;
  if (!cgroup.usable()) GTEST_SKIP() << "no memory cgroup to limit here";
  ASSERT_TRUE(cgroup.limit(std::to_string(64 << 20)));
  Child victim = Child::spawn(
      [&](Child& self) {
        set_comm("via-oom-victim");
        if (!cgroup.join()) return 100;
        touch(44 << 20);
        self.send(1);
        pause_forever();
      },
      false);
  ASSERT_EQ(victim.receive(), 1);
  Subprocess sigtrace = start_json({"--tcomm", "via-oom-victim", "-s", "KILL", "--count", "1"});
  Child allocator = spawn_sender({.name = "via-oom-alloc"}, [&] {
    if (!cgroup.join()) return 100;
    for (int mib = 0; mib < 40; ++mib)
      touch(1 << 20);
    return 0;
  });
  ASSERT_EQ(run_sender(allocator), 0);  // it goes on once the victim is gone
  int status = victim.wait();
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << status;
  auto events = finish(sigtrace);

  ASSERT_EQ(events.size(), 1u) << sigtrace.out() << sigtrace.err();
  const json& e = events[0];
  EXPECT_EQ(e["via"], "oom");
  EXPECT_EQ(e["tpid"], victim.pid());
  EXPECT_EQ(e["proc"]["pid"], 0);
  EXPECT_EQ(e["proc"]["comm"], "[kernel]");
  ASSERT_TRUE(e.contains("trigger")) << e;
  EXPECT_EQ(e["trigger"]["pid"], allocator.pid());
  EXPECT_EQ(e["trigger"]["comm"], "via-oom-alloc");
}

// Where the cgroup v2 hierarchy is mounted ("" when it is not).
std::string cgroup2_root() {
  std::ifstream mounts("/proc/mounts");
  std::string device, path, type, rest;
  while (mounts >> device >> path >> type && std::getline(mounts, rest)) {
    if (type == "cgroup2") return path;
  }
  return "";
}

// Writing "1" to cgroup.kill (5.14+) SIGKILLs every process in the cgroup.
TEST(Via, CgroupKillIsAWriteByTheWriter) {
  std::string root = cgroup2_root();
  std::string dir = root + "/sigtrace-kill-test-" + std::to_string(getpid());
  if (root.empty() || mkdir(dir.c_str(), 0755) != 0) GTEST_SKIP() << "no cgroup v2 to write";
  if (!exists(dir + "/cgroup.kill")) {
    rmdir(dir.c_str());
    GTEST_SKIP() << "this kernel has no cgroup.kill";
  }
  Child doomed = Child::spawn(
      [&](Child& self) -> int {
        set_comm("via-cg-doomed");
        self.send(write_file(dir + "/cgroup.procs", std::to_string(getpid())) ? 1 : 0);
        pause_forever();
      },
      false);
  ASSERT_EQ(doomed.receive(), 1);
  Subprocess sigtrace = start_json({"--tcomm", "via-cg-doomed", "-s", "KILL", "--count", "1"});
  Child killer = spawn_sender({.name = "via-cg-killer"},
                              [&] { return write_file(dir + "/cgroup.kill", "1") ? 0 : errno; });
  ASSERT_EQ(run_sender(killer), 0);
  doomed.wait();
  rmdir(dir.c_str());
  auto events = finish(sigtrace);

  ASSERT_EQ(events.size(), 1u) << sigtrace.out() << sigtrace.err();
  EXPECT_EQ(events[0]["via"], "write");
  EXPECT_EQ(events[0]["proc"]["pid"], killer.pid());
  EXPECT_EQ(events[0]["tpid"], doomed.pid());
}

// --via keeps what came that way: the kill before the fault is dropped.
TEST(Via, FilterKeepsOnlyTheNamedOrigins) {
  Child target = spawn_target({.name = "via-flt-tgt", .handled = {SIGUSR1}});
  Child sender = spawn_sender({.name = "via-flt"}, [&] {
    kill(target.pid(), SIGUSR1);
    return fault_on_unmapped_page();
  });
  Subprocess sigtrace =
      start_json({"--via", "fault,interrupt", "-p", std::to_string(sender.pid()), "--count", "1"});
  sender.go();
  sender.wait();
  auto events = finish(sigtrace);

  ASSERT_EQ(events.size(), 1u) << sigtrace.out() << sigtrace.err();
  EXPECT_EQ(events[0]["sig"], "SIGSEGV");
  EXPECT_EQ(events[0]["via"], "fault");
}

}  // namespace
}  // namespace sigtrace::testing
