// The command line: flags parsed, checked against each other, and turned
// into what the tracer and the writer need.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

#include "loader/tracer.h"
#include "output/fields.h"

namespace sigtrace {

enum class OutputFormat { kColumns, kJson, kJsonPretty };

struct TraceCommand {
  TracerOptions tracer;
  OutputFormat format = OutputFormat::kColumns;
  std::vector<Field> fields;  // columns output only
  std::optional<uint64_t> count;
  std::optional<std::chrono::milliseconds> timeout;
  bool verbose = false;
};

struct ParsedCommandLine {
  // Nothing when --help or --version was answered.
  std::optional<TraceCommand> trace;
};

// Throws UsageError with a one-line message for anything wrong.
ParsedCommandLine parse_command_line(int argc, char** argv);

}  // namespace sigtrace
