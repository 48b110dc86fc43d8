// What user space spends per event once it is read from the ring buffer:
// the stages of app/pipeline.h (enrichment, selection, formatting, buffered
// writing to /dev/null), per output format, with what each format needs,
// and counting for --summary, top and --metrics. Items per second is
// events per second on one core.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cstring>
#include <string_view>
#include <vector>

#include "app/pipeline.h"
#include "count/count_key.h"
#include "count/tally.h"
#include "enrich/containers/attribution.h"
#include "enrich/enricher.h"
#include "metrics/metrics_server.h"
#include "output/fields.h"
#include "output/formatter.h"
#include "output/output_stream.h"
#include "select/selection.h"

namespace sigtrace {
namespace {

// Who sends: a busy host's many processes, or a storm's one sender to one
// target (sigbench's storm).
enum Traffic { kVaried, kStorm };

// Events as a busy host sends them: varied pids, names and signals, all
// from host processes; or the storm's, all alike.
std::vector<sigtrace_event> sample_events(const HostNamespaces& host, Mode mode, Traffic traffic) {
  const char* comms[] = {"bash", "systemd", "kworker/u4:2", "containerd-shim", "java", "sleep"};
  const int signals[] = {SIGCHLD, SIGTERM, SIGKILL, SIGUSR1, SIGPIPE, SIGSEGV, 34, SIGWINCH};
  std::vector<sigtrace_event> events(1024);
  for (size_t i = 0; i < events.size(); ++i) {
    sigtrace_event& e = events[i];
    std::memset(&e, 0, sizeof(e));
    e.header.timestamp_ns = 1000000000ull + i * 1000;
    e.header.kind = SIGTRACE_RECORD_SIGNAL;
    e.sender.mntns_id = host.mntns_id;
    e.sender.pidns_id = host.pidns_id;
    e.target.mntns_id = host.mntns_id;
    e.target.pidns_id = host.pidns_id;
    e.sender.tgid = e.sender.tid = static_cast<uint32_t>(1000 + i % 300);
    e.ppid = e.ptid = 1;
    e.target.tid = e.target.tgid = static_cast<uint32_t>(2000 + i % 500);
    e.pid_arg = e.target_nspid = static_cast<int32_t>(e.target.tid);
    e.ntargets = 1;
    e.sig = signals[i % 8];
    e.code = i % 3 == 0 ? 1 : 0;
    e.result = static_cast<int32_t>(i % 3);
    e.group = 1;
    e.source = mode == Mode::kKillOnly ? SIGTRACE_SOURCE_KILL : SIGTRACE_SOURCE_GENERATE;
    std::strncpy(e.sender.comm, comms[i % 6], sizeof(e.sender.comm) - 1);
    std::strncpy(e.pcomm, "systemd", sizeof(e.pcomm) - 1);
    std::strncpy(e.target.comm, comms[(i + 3) % 6], sizeof(e.target.comm) - 1);
    if (traffic == kStorm) {
      e.sender.tgid = e.sender.tid = 1000;
      e.target.tid = e.target.tgid = 2000;
      e.pid_arg = e.target_nspid = 2000;
      e.sig = SIGUSR2;
      e.code = 0;
      e.result = 1;  // ignored
      std::strncpy(e.sender.comm, "sbstorm", sizeof(e.sender.comm) - 1);
      std::strncpy(e.target.comm, "sbtarget", sizeof(e.target.comm) - 1);
    }
  }
  return events;
}

enum Format { kColumns, kJson, kJsonPretty, kSummary, kMetrics };

std::unique_ptr<EventFormatter> formatter_for(Format format, const FormatSettings& settings) {
  if (format == kColumns) return make_columns_formatter(default_fields(settings.mode), settings);
  return make_json_formatter(format == kJsonPretty, settings);
}

// What a stage that counts needs: --summary's (and top's) key without
// containers, or the metrics' labels, which have them.
std::unique_ptr<EventSink> counter_for(Format format, const FormatSettings& settings) {
  if (format == kSummary)
    return std::make_unique<Tally>(default_count_key(settings.mode, false), settings);
  return std::make_unique<MetricsServer>(MetricsOptions{"127.0.0.1:0"}, settings);
}

// /dev/null measures formatting alone; a file in /tmp adds what writing
// costs on this machine. Counting writes nothing.
void consume(benchmark::State& state, Format format, Mode mode, const char* path,
             Traffic traffic = kVaried) {
  ContainerAttribution containers;
  Selection selection({});
  FormatSettings settings{mode, true};
  bool writes = format != kSummary && format != kMetrics;
  std::unique_ptr<EventFormatter> formatter = writes ? formatter_for(format, settings) : nullptr;
  std::unique_ptr<EventSink> counter = writes ? nullptr : counter_for(format, settings);
  // Columns and the summary without container or user columns look neither
  // up; JSON has all, the metrics have containers.
  Enricher enricher({.containers = format != kColumns && format != kSummary,
                     .user_names = format == kJson || format == kJsonPretty},
                    &containers);
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  OutputStream output(fd);
  Pipeline pipeline(enricher, selection, std::nullopt, &output);
  std::unique_ptr<EventWriter> writer =
      writes ? std::make_unique<EventWriter>(*formatter, output) : nullptr;
  pipeline.add(writer ? static_cast<EventSink&>(*writer) : *counter);
  auto events = sample_events(containers.registry().host(), mode, traffic);
  // The first event with a kernel stack waits for kallsyms, which is read
  // beside the events at start: a cost of starting, not of an event.
  const uint64_t stack_entry = 0;
  enricher.enrich(events[0], std::span(&stack_entry, 1));
  size_t next = 0;
  for (auto _ : state) {
    pipeline.on_record(std::as_bytes(std::span(&events[next], 1)));
    next = (next + 1) % events.size();
  }
  output.flush();
  close(fd);
  if (std::string_view(path) != "/dev/null") unlink(path);
  state.SetItemsProcessed(state.iterations());
}

constexpr const char* kNull = "/dev/null";
constexpr const char* kFile = "/tmp/sigtrace-consumer-bench.out";

BENCHMARK_CAPTURE(consume, columns, kColumns, Mode::kGenerate, kNull);
BENCHMARK_CAPTURE(consume, json, kJson, Mode::kGenerate, kNull);
BENCHMARK_CAPTURE(consume, jsonpretty, kJsonPretty, Mode::kGenerate, kNull);
BENCHMARK_CAPTURE(consume, columns_storm, kColumns, Mode::kGenerate, kNull, kStorm);
BENCHMARK_CAPTURE(consume, json_storm, kJson, Mode::kGenerate, kNull, kStorm);
BENCHMARK_CAPTURE(consume, columns_kill_only, kColumns, Mode::kKillOnly, kNull);
BENCHMARK_CAPTURE(consume, json_kill_only, kJson, Mode::kKillOnly, kNull);
BENCHMARK_CAPTURE(consume, json_kill_only_storm, kJson, Mode::kKillOnly, kNull, kStorm);
BENCHMARK_CAPTURE(consume, columns_to_file, kColumns, Mode::kGenerate, kFile);
BENCHMARK_CAPTURE(consume, json_to_file, kJson, Mode::kGenerate, kFile);
BENCHMARK_CAPTURE(consume, summary, kSummary, Mode::kGenerate, kNull);
BENCHMARK_CAPTURE(consume, metrics, kMetrics, Mode::kGenerate, kNull);

}  // namespace
}  // namespace sigtrace

BENCHMARK_MAIN();
