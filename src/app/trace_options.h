// Everything a tracing run is asked to do, as the command line (cli/) says
// it: the kernel side, the selection, the output and when to stop.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kernel/tracer.h"
#include "output/fields.h"
#include "select/container_selection.h"

namespace sigtrace {

enum class OutputFormat { kColumns, kJson, kJsonPretty };

struct OutputOptions {
  OutputFormat format = OutputFormat::kColumns;
  // Columns output only: --fields, else the defaults (which depend on
  // whether containers run here), with TIME first for -t.
  std::optional<std::vector<Field>> fields;
  bool timestamp = false;
};

struct TraceOptions {
  TracerOptions tracer;
  ContainerChoice containers;
  std::vector<std::string> via;  // --via: only signals from these origins
  OutputOptions output;
  std::optional<uint64_t> count;
  std::optional<std::chrono::milliseconds> timeout;
  bool verbose = false;
};

}  // namespace sigtrace
