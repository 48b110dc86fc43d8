// The command line: flags parsed, checked against each other, and turned
// into what the tracer and the writer need.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

#include "app/container_tracking.h"
#include "inspect/inspect_command.h"
#include "loader/tracer.h"
#include "output/fields.h"

namespace sigtrace {

enum class OutputFormat { kColumns, kJson, kJsonPretty };

struct TraceCommand {
  TracerOptions tracer;
  ContainerSelection containers;
  OutputFormat format = OutputFormat::kColumns;
  // Columns output only: --fields, else the defaults (which depend on
  // whether containers run here), with TIME first for -t.
  std::optional<std::vector<Field>> fields;
  bool timestamp = false;
  std::optional<uint64_t> count;
  std::optional<std::chrono::milliseconds> timeout;
  bool verbose = false;
};

// One of them, or neither when --help or --version was answered.
struct ParsedCommandLine {
  std::optional<TraceCommand> trace;
  std::optional<InspectCommand> inspect;
};

// Throws UsageError with a one-line message for anything wrong.
ParsedCommandLine parse_command_line(int argc, char** argv);

}  // namespace sigtrace
