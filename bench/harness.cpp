// sigbench: sigtrace against sigsnoop and bpftrace's killsnoop.bt on the same
// machine in one run. Every configuration is run in turn, round after round,
// and the medians are compared with the same workload run untraced.
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "floor.h"
#include "tracers.h"
#include "workload.h"

namespace sigbench {
namespace {

struct Settings {
  int rounds = 5;
  uint64_t storm_kills = 200000;
  uint64_t mixed_iterations = 300;
  uint64_t getppid_calls = 2000000;
  bool peers = true;
  std::string sigtrace = SIGBENCH_SIGTRACE;
  std::string work_dir = "/tmp/sigbench";
  std::string report;  // also write the tables here
  std::string only;    // run only the configurations whose label has this
};

constexpr int kStartupSamples = 9;
constexpr std::chrono::milliseconds kSettle{500};

// Runs a workload in a child process, as its own process tree.
WorkloadResult in_child(const std::function<WorkloadResult()>& workload) {
  int channel[2];
  if (pipe(channel) != 0) return {};
  pid_t child = fork();
  if (child == 0) {
    close(channel[0]);
    WorkloadResult result = workload();
    (void)!write(channel[1], &result, sizeof(result));
    _exit(0);
  }
  close(channel[1]);
  WorkloadResult result;
  if (read(channel[0], &result, sizeof(result)) != sizeof(result)) result = {};
  close(channel[0]);
  waitpid(child, nullptr, 0);
  return result;
}

double median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  size_t mid = values.size() / 2;
  return values.size() % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

struct Completeness {
  uint64_t expected = 0;
  uint64_t seen = 0;
  uint64_t lost = 0;  // as the tool reported
  std::string text() const {
    uint64_t missing = expected > seen + lost ? expected - seen - lost : 0;
    return std::to_string(seen) + " / " + std::to_string(lost) + " / " + std::to_string(missing);
  }
};

struct Samples {
  std::vector<double> storm_ns;
  std::vector<double> storm_cpu_ns;  // its time on a CPU, waits for one left out
  std::vector<double> getppid_ns;
  std::vector<double> mixed_ns;
  std::vector<double> filtered_ns;
  std::vector<double> filtered_cpu_ns;
  std::vector<double> rss_kib;
  std::vector<double> tracer_cpu_ns;  // the tracer's own, per event of the workloads
  std::vector<double> startup_ms;
  Completeness storm;  // summed over rounds
  Completeness mixed;
};

struct Configuration {
  Tool tool;
  Output output;
  std::string label() const {
    return tool.name + (output == Output::kFile ? " > file" : " > /dev/null");
  }
};

uint64_t expected_mixed(Reports reports, const WorkloadResult& mixed) {
  switch (reports) {
    // The workload process's own exit: one more SIGCHLD sent by sbmix.
    case Reports::kGenerate: return mixed.generate_events + 1;
    case Reports::kKillCalls: return mixed.kill_calls;
    case Reports::kKillOnly: return mixed.kill_only_calls;
    case Reports::kNothing: return 0;
  }
  return 0;
}

std::string own_binary() {
  return std::filesystem::read_symlink("/proc/self/exe").string();
}

class Benchmark {
 public:
  explicit Benchmark(Settings settings) : settings_(std::move(settings)) {
    std::filesystem::create_directories(settings_.work_dir);
    for (const Tool& tool : all_tools(settings_.sigtrace, own_binary(), settings_.peers)) {
      add({tool, Output::kDevNull});
      // Floors print nothing: one configuration is enough.
      if (tool.reports != Reports::kNothing) add({tool, Output::kFile});
    }
  }

  void run() {
    for (int round = 0; round < settings_.rounds; ++round) {
      std::fprintf(stderr, "sigbench: round %d of %d\n", round + 1, settings_.rounds);
      run_untraced();
      // A different order every round, so slow drifts hit everyone alike.
      for (size_t i = 0; i < configurations_.size(); ++i) {
        run_traced(configurations_[(i + round) % configurations_.size()]);
      }
      for (const auto& configuration : configurations_) {
        if (configuration.output == Output::kDevNull && !configuration.tool.drop_all.empty()) {
          run_filtered(configuration.tool);
        }
      }
    }
    run_startups();
  }

  void report() const {
    std::string text = tables();
    std::fputs(text.c_str(), stdout);
    if (!settings_.report.empty()) {
      FILE* file = std::fopen(settings_.report.c_str(), "w");
      if (file) {
        std::fputs(text.c_str(), file);
        std::fclose(file);
      }
    }
  }

 private:
  int startup_samples() const { return std::max(settings_.rounds, kStartupSamples); }

  // Startups are short and noisy: more samples than rounds, each tool in
  // turn, in an order that rotates too. A tool started right after a heavy
  // one pays for what the kernel still frees of it (sigtrace -k's links and
  // maps), so no tool may always follow the same one.
  void run_startups() {
    std::vector<const Tool*> tools;
    for (const auto& configuration : configurations_) {
      if (configuration.output != Output::kDevNull) continue;
      if (configuration.tool.reports == Reports::kNothing) continue;
      tools.push_back(&configuration.tool);
    }
    for (int sample = 0; sample < startup_samples(); ++sample) {
      for (size_t i = 0; i < tools.size(); ++i) {
        const Tool& tool = *tools[(i + sample) % tools.size()];
        auto ms = startup_ms(tool);
        if (ms) samples_[tool.name].startup_ms.push_back(*ms);
      }
    }
  }

  void add(Configuration configuration) {
    if (configuration.label().find(settings_.only) == std::string::npos) return;
    configurations_.push_back(std::move(configuration));
  }

  void run_untraced() {
    auto storm = in_child([&] { return run_storm(settings_.storm_kills); });
    auto getppid = in_child([&] { return run_getppid(settings_.getppid_calls); });
    auto mixed = in_child([&] { return run_mixed(settings_.mixed_iterations); });
    baseline_.storm_ns.push_back(storm.ns_per_operation);
    baseline_.storm_cpu_ns.push_back(storm.cpu_ns_per_operation);
    baseline_.getppid_ns.push_back(getppid.ns_per_operation);
    baseline_.mixed_ns.push_back(mixed.ns_per_operation);
  }

  void run_traced(const Configuration& configuration) {
    Samples& samples = samples_[configuration.label()];
    RunningTracer tracer(configuration.tool, configuration.output, {}, settings_.work_dir);
    if (!tracer.wait_ready()) {
      std::fprintf(stderr, "sigbench: %s did not start\n", configuration.label().c_str());
      return;
    }
    // What a tracer still does for its start once it traces (sigtrace reads
    // /proc/kallsyms beside the first events) is over by then: its CPU
    // time below is its events' alone.
    std::this_thread::sleep_for(kSettle);
    uint64_t cpu_at_start = tracer.cpu_ns();
    auto storm = in_child([&] { return run_storm(settings_.storm_kills); });
    auto getppid = in_child([&] { return run_getppid(settings_.getppid_calls); });
    auto mixed = in_child([&] { return run_mixed(settings_.mixed_iterations); });
    samples.getppid_ns.push_back(getppid.ns_per_operation);
    // Time to catch up, as an operator would wait before Ctrl-C.
    std::this_thread::sleep_for(std::chrono::seconds(1));
    samples.rss_kib.push_back(static_cast<double>(tracer.peak_rss_kib()));
    uint64_t events = storm.kill_calls + expected_mixed(configuration.tool.reports, mixed);
    uint64_t cpu_at_end = tracer.cpu_ns();
    if (cpu_at_end > cpu_at_start) {
      samples.tracer_cpu_ns.push_back(static_cast<double>(cpu_at_end - cpu_at_start) /
                                      static_cast<double>(std::max<uint64_t>(events, 1)));
    }
    tracer.stop();
    samples.storm_ns.push_back(storm.ns_per_operation);
    samples.storm_cpu_ns.push_back(storm.cpu_ns_per_operation);
    samples.mixed_ns.push_back(mixed.ns_per_operation);
    if (configuration.output != Output::kFile) return;
    Seen seen = count_events(configuration.tool, tracer.output_path());
    uint64_t lost = reported_losses(tracer.stderr_path());
    samples.storm.expected += storm.kill_calls;
    samples.storm.seen += seen.storm;
    samples.mixed.expected += expected_mixed(configuration.tool.reports, mixed);
    samples.mixed.seen += seen.mixed;
    // A tool's loss count covers both workloads; it is shown with the storm.
    samples.storm.lost += lost;
  }

  void run_filtered(const Tool& tool) {
    RunningTracer tracer(tool, Output::kDevNull, tool.drop_all, settings_.work_dir);
    if (!tracer.wait_ready()) return;
    auto storm = in_child([&] { return run_storm(settings_.storm_kills); });
    tracer.stop();
    samples_[tool.name].filtered_ns.push_back(storm.ns_per_operation);
    samples_[tool.name].filtered_cpu_ns.push_back(storm.cpu_ns_per_operation);
  }

  static std::string format(const char* pattern, double value) {
    char text[64];
    std::snprintf(text, sizeof(text), pattern, value);
    return text;
  }

  using Series = std::vector<double> Samples::*;

  // The floor of the tool's mode: its median storm, 0 when not measured.
  double floor_ns(const Tool& tool, Series series) const {
    for (const auto& configuration : configurations_) {
      if (configuration.tool.reports != Reports::kNothing) continue;
      if (configuration.tool.kill_only != tool.kill_only) continue;
      auto it = samples_.find(configuration.label());
      if (it != samples_.end()) return median(it->second.*series);
    }
    return 0;
  }

  // A storm's median, its ratio to the untraced one and what it is above
  // the floor: three cells.
  std::string storm_cells(const Configuration& configuration, const Samples& s, Series series,
                          double base) const {
    double storm = median(s.*series);
    double floor = floor_ns(configuration.tool, series);
    bool floor_row = configuration.tool.reports == Reports::kNothing;
    std::string above = floor_row || floor == 0 ? "" : format("%.0f", storm - floor);
    return format("%.0f", storm) + " | " + format("%.2f", storm / base) + " | " + above;
  }

  std::string main_row(const Configuration& configuration, const Samples& s) const {
    double storm = median(s.storm_ns);
    double getppid = median(s.getppid_ns);
    double mixed = median(s.mixed_ns);
    double base_getppid = median(baseline_.getppid_ns);
    double base_mixed = median(baseline_.mixed_ns);
    bool file = configuration.output == Output::kFile;
    bool floor_row = configuration.tool.reports == Reports::kNothing;
    return "| " + configuration.label() + " | " +
           storm_cells(configuration, s, &Samples::storm_ns, median(baseline_.storm_ns)) + " | " +
           storm_cells(configuration, s, &Samples::storm_cpu_ns, median(baseline_.storm_cpu_ns)) +
           " | " + format("%.0f", 1e9 / storm) + " | " +
           (floor_row ? "" : format("%.0f", median(s.tracer_cpu_ns))) + " | " +
           format("%.1f", getppid) + " | " + format("%.2f", getppid / base_getppid) + " | " +
           format("%.1f", mixed / 1000) + " | " + format("%.2f", mixed / base_mixed) + " | " +
           (floor_row ? "" : format("%.1f", median(s.rss_kib) / 1024)) + " | " +
           (file ? s.storm.text() : "") + " | " + (file ? s.mixed.text() : "") + " |\n";
  }

  std::string tables() const {
    double base_storm = median(baseline_.storm_ns);
    double base_storm_cpu = median(baseline_.storm_cpu_ns);
    double base_getppid = median(baseline_.getppid_ns);
    double base_mixed = median(baseline_.mixed_ns);
    std::string out;
    out += "Storm: " + std::to_string(settings_.storm_kills) +
           " kill() calls; getppid: " + std::to_string(settings_.getppid_calls) +
           " calls; mixed: " + std::to_string(settings_.mixed_iterations) +
           " iterations; medians of " + std::to_string(settings_.rounds) +
           " rounds. Storm CPU: the time the storm itself was on a CPU, without its waits for "
           "one (another task on its CPU, or the hypervisor's other guests); the untraced "
           "storm waited " +
           format("%.0f", 100 * (1 - base_storm_cpu / base_storm)) + "% of its time.\n\n";
    out +=
        "| configuration | storm ns/kill | × untraced | ns above floor | storm CPU ns/kill | × "
        "untraced | CPU ns above floor | events/s | tracer CPU ns/event | getppid ns | × "
        "untraced | mixed µs/iter | × untraced | peak RSS MiB | storm seen / lost / missing | "
        "mixed seen / lost / missing |\n";
    out += "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";
    out += "| untraced | " + format("%.0f", base_storm) + " | 1.00 | | " +
           format("%.0f", base_storm_cpu) + " | 1.00 | | " + format("%.0f", 1e9 / base_storm) +
           " | | " + format("%.1f", base_getppid) + " | 1.00 | " +
           format("%.1f", base_mixed / 1000) + " | 1.00 | | | |\n";
    for (const auto& configuration : configurations_) {
      auto it = samples_.find(configuration.label());
      if (it == samples_.end() || it->second.storm_ns.empty()) continue;
      out += main_row(configuration, it->second);
    }
    out +=
        "\n| tool | filtered storm ns/kill | × untraced | filtered storm CPU ns/kill | × untraced "
        "| startup ms (exec to first event, median of " +
        std::to_string(startup_samples()) + ") |\n";
    out += "|---|---|---|---|---|---|\n";
    for (const auto& configuration : configurations_) {
      if (configuration.output != Output::kDevNull) continue;
      if (configuration.tool.reports == Reports::kNothing) continue;
      auto it = samples_.find(configuration.tool.name);
      const Samples* s = it == samples_.end() ? nullptr : &it->second;
      std::string filtered = "n/a (no filter)";
      if (s && !s->filtered_ns.empty()) {
        double value = median(s->filtered_ns);
        double cpu = median(s->filtered_cpu_ns);
        filtered = format("%.0f", value) + " | " + format("%.2f", value / base_storm) + " | " +
                   format("%.0f", cpu) + " | " + format("%.2f", cpu / base_storm_cpu);
      } else {
        filtered += " | | | ";
      }
      std::string startup = s && !s->startup_ms.empty() ? format("%.0f", median(s->startup_ms))
                                                        : "did not show an event";
      out += "| " + configuration.tool.name + " | " + filtered + " | " + startup + " |\n";
    }
    return out;
  }

  Settings settings_;
  std::vector<Configuration> configurations_;
  Samples baseline_;
  std::map<std::string, Samples> samples_;
};

}  // namespace
}  // namespace sigbench

int main(int argc, char** argv) {
  sigbench::Settings settings;
  CLI::App app("sigbench: sigtrace, sigsnoop and bpftrace side by side", "sigbench");
  app.add_option("--rounds", settings.rounds, "rounds over every configuration")
      ->check(CLI::Range(1, 100));
  app.add_option("--storm", settings.storm_kills, "kill() calls per storm")
      ->check(CLI::Range(1, 100000000));
  app.add_option("--mixed", settings.mixed_iterations, "iterations of the mixed workload")
      ->check(CLI::Range(1, 1000000));
  app.add_option("--getppid", settings.getppid_calls, "getppid() calls per run")
      ->check(CLI::Range(1, 1000000000));
  std::string floor_mode;
  app.add_option("--floor", floor_mode,
                 "run the floor's empty programs for this mode (generate, kill-only) until SIGINT");
  bool no_peers = false;
  app.add_flag("--no-peers", no_peers, "sigtrace only");
  app.add_option("--sigtrace", settings.sigtrace, "the sigtrace binary");
  app.add_option("--work-dir", settings.work_dir, "where tracer output goes");
  app.add_option("--report", settings.report, "also write the tables to this file");
  app.add_option("--only", settings.only,
                 "run only the configurations whose name contains this text (\"> file\")");
  CLI11_PARSE(app, argc, argv);
  if (!floor_mode.empty()) return sigbench::run_floor(floor_mode);
  settings.peers = !no_peers;
  if (geteuid() != 0) {
    std::fprintf(stderr, "sigbench: run as root (the tracers load BPF programs)\n");
    return 3;
  }
  sigbench::Benchmark benchmark(settings);
  benchmark.run();
  benchmark.report();
  return 0;
}
