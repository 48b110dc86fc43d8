// Everything a tracing run is asked to do, as the command line (cli/) says
// it: the kernel side, the selection, the output and when to stop.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kernel/tracer.h"
#include "metrics/metrics_server.h"
#include "output/fields.h"
#include "select/container_selection.h"

namespace sigtrace {

// kNone (-o none): no line per event, for --metrics alone.
enum class OutputFormat { kColumns, kJson, kJsonPretty, kNone };

// How the events are shown: a line each, or counted (count/count_key.h)
// into one table at the end, or into `sigtrace top`'s live one.
enum class Presentation { kEvents, kSummary, kTop };

struct OutputOptions {
  OutputFormat format = OutputFormat::kColumns;
  Presentation presentation = Presentation::kEvents;
  // Columns output only: --fields, else the defaults (which depend on
  // whether containers run here), with TIME first for -t. Counted: the
  // key, else the default one.
  std::optional<std::vector<Field>> fields;
  bool timestamp = false;
  std::chrono::milliseconds top_interval{2000};  // top's -d
};

struct TraceOptions {
  TracerOptions tracer;
  ContainerChoice containers;
  std::vector<std::string> via;  // --via: only signals from these origins
  // --deaths: only the signals that ended a process (tracer.follow_fates).
  bool deaths_only = false;
  OutputOptions output;
  std::optional<MetricsOptions> metrics;
  std::optional<uint64_t> count;
  std::optional<std::chrono::milliseconds> timeout;
  bool verbose = false;
};

}  // namespace sigtrace
