#include "tracers.h"

#include <bpf/bpf.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>
#include <thread>

#include "workload.h"

namespace sigbench {
namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kSigsnoop = "/usr/sbin/sigsnoop";
constexpr const char* kBpftrace = "/usr/bin/bpftrace";
constexpr const char* kKillsnoop = "/usr/sbin/killsnoop.bt";
// No process has this id: a filter on it drops every event in the kernel.
constexpr const char* kNobody = "2147483647";
constexpr const char* kSigtraceReady = "Ctrl-C to stop";
constexpr const char* kFloorReady = "floor attached";

// The kernel frees a tracer's maps and programs after its process has gone
// (deferred work, RCU callbacks): a 16 MiB ring buffer takes a while. The
// next tool must not start, nor a storm run, while that work competes for
// one of the two CPUs: measured here, sigtrace -k started 7 ms later right
// after sigtrace --fate had ended than a second after.
void let_the_kernel_tear_down() {
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
}

bool executable(const char* path) {
  return access(path, X_OK) == 0;
}

size_t bpf_program_count() {
  size_t count = 0;
  __u32 id = 0;
  while (bpf_prog_get_next_id(id, &id) == 0)
    ++count;
  return count;
}

// In the child, before exec: tracefs (and debugfs, for bpftrace) mounted in
// a mount namespace of its own.
void mount_tracefs_privately() {
  if (unshare(CLONE_NEWNS) != 0) return;
  mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr);
  mount("tracefs", "/sys/kernel/tracing", "tracefs", 0, nullptr);
  mount("debugfs", "/sys/kernel/debug", "debugfs", 0, nullptr);
}

[[noreturn]] void exec_tool(const Tool& tool, const std::vector<std::string>& extra_args) {
  if (tool.needs_tracefs) mount_tracefs_privately();
  std::vector<std::string> argv = tool.argv;
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());
  std::vector<char*> args;
  for (auto& arg : argv)
    args.push_back(arg.data());
  args.push_back(nullptr);
  execv(args[0], args.data());
  _exit(127);
}

std::vector<std::string> tokens_of(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> tokens;
  for (std::string token; in >> token;)
    tokens.push_back(token);
  return tokens;
}

// "sigtrace -k -o json" -> "sigtrace_-k_-o_json": each configuration's
// stderr is kept apart, for the reader of a surprising row.
std::string file_name_of(const std::string& name) {
  std::string file;
  for (char c : name)
    file.push_back(std::isalnum(static_cast<unsigned char>(c)) || c == '-' ? c : '_');
  return file;
}

bool contains(const std::string& text, const char* part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

std::vector<Tool> all_tools(const std::string& sigtrace, const std::string& sigbench,
                            bool with_peers) {
  std::vector<Tool> tools = {
      {"floor (empty programs)",
       {sigbench, "--floor", "generate"},
       Reports::kNothing,
       false,
       false,
       {},
       "floor",
       false,
       kFloorReady},
      {"floor -k (empty programs)",
       {sigbench, "--floor", "kill-only"},
       Reports::kNothing,
       false,
       true,
       {},
       "floor",
       true,
       kFloorReady},
      {"sigtrace",
       {sigtrace},
       Reports::kGenerate,
       false,
       false,
       {"-p", kNobody},
       "sigtrace",
       false,
       kSigtraceReady},
      {"sigtrace -o json",
       {sigtrace, "-o", "json"},
       Reports::kGenerate,
       true,
       false,
       {},
       "sigtrace",
       false,
       kSigtraceReady},
      {"sigtrace --fate",
       {sigtrace, "--fate"},
       Reports::kGenerate,
       false,
       false,
       {"-p", kNobody},
       "sigtrace",
       false,
       kSigtraceReady},
      {"sigtrace -k",
       {sigtrace, "-k"},
       Reports::kKillCalls,
       false,
       false,
       {"-p", kNobody},
       "sigtrace",
       true,
       kSigtraceReady},
      {"sigtrace -k -o json",
       {sigtrace, "-k", "-o", "json"},
       Reports::kKillCalls,
       true,
       false,
       {},
       "sigtrace",
       true,
       kSigtraceReady},
  };
  if (!with_peers) return tools;
  if (executable(kSigsnoop)) {
    tools.push_back({"sigsnoop",
                     {kSigsnoop, "-n"},
                     Reports::kGenerate,
                     false,
                     true,
                     {"-p", kNobody},
                     "sigsnoop",
                     false,
                     ""});
    tools.push_back({"sigsnoop -k",
                     {kSigsnoop, "-n", "-k"},
                     Reports::kKillCalls,
                     false,
                     true,
                     {"-p", kNobody},
                     "sigsnoop",
                     true,
                     ""});
  }
  if (executable(kBpftrace) && executable(kKillsnoop)) {
    tools.push_back({"bpftrace killsnoop.bt",
                     {kBpftrace, kKillsnoop},
                     Reports::kKillOnly,
                     false,
                     true,
                     {},
                     "bpftrace",
                     true,
                     ""});
  }
  return tools;
}

RunningTracer::RunningTracer(const Tool& tool, Output output,
                             const std::vector<std::string>& extra_args,
                             const std::string& work_dir)
    : output_path_(output == Output::kFile ? work_dir + "/" + file_name_of(tool.name) + ".out"
                                           : "/dev/null"),
      stderr_path_(work_dir + "/" + file_name_of(tool.name) +
                   (output == Output::kFile ? ".file" : "") +
                   (extra_args.empty() ? "" : ".filtered") + ".err"),
      ready_text_(tool.ready_text) {
  // Emptied here, before the child exists: wait_ready() reads the stderr
  // file, and the last round's "Ctrl-C to stop" in it would start the
  // workload before the tracer is attached.
  int out = open(output_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  int err = open(stderr_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  pid_ = fork();
  if (pid_ == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    dup2(out, STDOUT_FILENO);
    dup2(err, STDERR_FILENO);
    exec_tool(tool, extra_args);
  }
  close(out);
  close(err);
}

RunningTracer::~RunningTracer() {
  if (!stopped_) stop();
}

bool RunningTracer::said_ready() const {
  std::ifstream err(stderr_path_);
  std::string text((std::istreambuf_iterator<char>(err)), std::istreambuf_iterator<char>());
  return text.find(ready_text_) != std::string::npos;
}

bool RunningTracer::wait_ready() {
  size_t before = bpf_program_count();
  auto deadline = Clock::now() + std::chrono::seconds(30);
  while (Clock::now() < deadline) {
    if (waitpid(pid_, nullptr, WNOHANG) == pid_) {
      stopped_ = true;
      return false;
    }
    if (!ready_text_.empty()) {
      if (said_ready()) return true;
    } else if (bpf_program_count() > before) {
      // Loaded; bpftrace takes its time to attach.
      std::this_thread::sleep_for(std::chrono::milliseconds(1500));
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

uint64_t RunningTracer::peak_rss_kib() const {
  std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stoull(line.substr(6));
  }
  return 0;
}

// The process's CPU clock: its threads', those that have ended too.
uint64_t RunningTracer::cpu_ns() const {
  clockid_t clock;
  return clock_getcpuclockid(pid_, &clock) == 0 ? ns_of(clock) : 0;
}

void RunningTracer::stop() {
  if (stopped_) return;
  stopped_ = true;
  kill(pid_, SIGINT);
  auto deadline = Clock::now() + std::chrono::seconds(20);
  while (waitpid(pid_, nullptr, WNOHANG) == 0) {
    if (Clock::now() > deadline) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  let_the_kernel_tear_down();
}

Seen count_events(const Tool& tool, const std::string& output_path) {
  Seen seen;
  std::ifstream in(output_path);
  for (std::string line; std::getline(in, line);) {
    if (tool.json) {
      bool storm = contains(line, "\"proc\":{\"comm\":\"sbstorm\"");
      seen.storm += storm && contains(line, "\"sig\":\"SIGUSR2\"");
      seen.mixed += contains(line, "\"proc\":{\"comm\":\"sbmix\"");
      continue;
    }
    auto tokens = tokens_of(line);
    // sigtrace: COMM first; sigsnoop and killsnoop.bt: TIME PID COMM SIG ...
    size_t comm = tool.family == "sigtrace" ? 0 : 2;
    if (tokens.size() <= comm + 1) continue;
    bool storm_signal = tool.family == "bpftrace"
                            ? tokens[comm + 1] == std::to_string(kStormSignal)
                            : std::find(tokens.begin(), tokens.end(), "SIGUSR2") != tokens.end();
    seen.storm += tokens[comm] == kStormComm && storm_signal;
    seen.mixed += tokens[comm] == kMixedComm;
  }
  return seen;
}

uint64_t reported_losses(const std::string& stderr_path) {
  std::ifstream in(stderr_path);
  uint64_t lost = 0;
  for (std::string line; std::getline(in, line);) {
    // sigtrace: "sigtrace: 1000 events, 3 lost"
    size_t at = line.find(" events, ");
    if (at != std::string::npos && contains(line, " lost")) {
      lost += std::stoull(line.substr(at + 9));
      continue;
    }
    // sigsnoop: "Lost 12 events on CPU #1!"; bpftrace: "Lost 12 events"
    at = line.find("Lost ");
    if (at == std::string::npos) at = line.find("lost ");
    if (at != std::string::npos && line.size() > at + 5 && std::isdigit(line[at + 5])) {
      lost += std::stoull(line.substr(at + 5));
    }
  }
  return lost;
}

std::optional<double> startup_ms(const Tool& tool) {
  // A process that signals itself (ignored) every millisecond.
  pid_t probe = fork();
  if (probe == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    prctl(PR_SET_NAME, "sbprobe");
    signal(kStormSignal, SIG_IGN);
    while (true) {
      kill(getpid(), kStormSignal);
      usleep(1000);
    }
  }
  // A terminal, as an operator would use: every tool writes each line at
  // once there (a pipe would leave the peers' lines in stdio buffers).
  int out[2];
  if (openpty(&out[0], &out[1], nullptr, nullptr, nullptr) != 0) return std::nullopt;
  auto start = Clock::now();
  pid_t tracer = fork();
  if (tracer == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    dup2(out[1], STDOUT_FILENO);
    int null = open("/dev/null", O_WRONLY);
    dup2(null, STDERR_FILENO);
    close(out[0]);
    exec_tool(tool, {});
  }
  close(out[1]);
  std::optional<double> result;
  std::string pending;
  char buffer[4096];
  auto deadline = start + std::chrono::seconds(30);
  while (!result && Clock::now() < deadline) {
    pollfd readable{out[0], POLLIN, 0};
    if (poll(&readable, 1, 100) <= 0) continue;
    ssize_t n = read(out[0], buffer, sizeof(buffer));
    if (n <= 0) break;
    pending.append(buffer, static_cast<size_t>(n));
    if (pending.find("sbprobe") != std::string::npos) {
      result = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    }
  }
  kill(tracer, SIGKILL);
  waitpid(tracer, nullptr, 0);
  kill(probe, SIGKILL);
  waitpid(probe, nullptr, 0);
  close(out[0]);
  let_the_kernel_tear_down();
  return result;
}

}  // namespace sigbench
