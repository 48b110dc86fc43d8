// The command line: flags parsed, checked against each other, and turned
// into the options of the command they ask for.
#pragma once

#include <optional>

#include "app/trace_options.h"
#include "inspect/inspect_command.h"

namespace sigtrace {

// One of them, or neither when --help or --version was answered.
struct ParsedCommandLine {
  std::optional<TraceOptions> trace;
  std::optional<InspectCommand> inspect;
};

// Throws UsageError with a one-line message for anything wrong.
ParsedCommandLine parse_command_line(int argc, char** argv);

}  // namespace sigtrace
