// The tracers compared: how to start each one, what it reports, and how to
// read its output.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sigbench {

enum class Reports { kGenerate, kKillCalls, kKillOnly, kNothing };

struct Tool {
  std::string name;               // as the table shows it
  std::vector<std::string> argv;  // without the output redirection
  Reports reports;
  bool json = false;
  bool needs_tracefs = false;         // the peers fail without it
  std::vector<std::string> drop_all;  // arguments that filter every event out in the kernel
  std::string family;                 // "sigtrace", "sigsnoop", "bpftrace", "floor"
  bool kill_only = false;             // attaches to the kill syscalls
  // What the tool writes to stderr once attached; empty: it says nothing,
  // and the number of loaded BPF programs tells.
  std::string ready_text;
};

// The floors (sigbench itself running empty programs on sigtrace's attach
// points, for each mode), sigtrace in both modes and formats and with
// --fate, sigsnoop, sigsnoop -k, bpftrace's killsnoop.bt; the peers only
// when installed.
std::vector<Tool> all_tools(const std::string& sigtrace_binary, const std::string& sigbench_binary,
                            bool with_peers);

enum class Output { kDevNull, kFile };

// A tracer running in the background, its output going to /dev/null or a
// file, its stderr to a file. Peers run in a private mount namespace where
// tracefs is mounted, so the host's mounts stay as they are.
class RunningTracer {
 public:
  RunningTracer(const Tool& tool, Output output, const std::vector<std::string>& extra_args,
                const std::string& work_dir);
  ~RunningTracer();
  RunningTracer(const RunningTracer&) = delete;
  RunningTracer& operator=(const RunningTracer&) = delete;

  // Waits until the tracer's programs are attached (or it died).
  bool wait_ready();
  // Peak resident memory so far, in KiB.
  uint64_t peak_rss_kib() const;
  // Time its threads have spent on a CPU so far, in ns; 0 once it is gone.
  uint64_t cpu_ns() const;
  // SIGINT, then waits (SIGKILL after 20 s).
  void stop();

  const std::string& output_path() const { return output_path_; }
  const std::string& stderr_path() const { return stderr_path_; }

 private:
  bool said_ready() const;

  pid_t pid_ = -1;
  std::string output_path_;
  std::string stderr_path_;
  std::string ready_text_;
  bool stopped_ = false;
};

struct Seen {
  uint64_t storm = 0;  // storm signals (SIGUSR2 from sbstorm)
  uint64_t mixed = 0;  // anything sent by sbmix
};

// Counts the workloads' events in a tracer's output file.
Seen count_events(const Tool& tool, const std::string& output_path);

// Events the tracer said it lost, from its stderr.
uint64_t reported_losses(const std::string& stderr_path);

// Milliseconds from starting the tracer until its output shows an event
// from a process signalling every millisecond; nothing if it never does.
std::optional<double> startup_ms(const Tool& tool);

}  // namespace sigbench
