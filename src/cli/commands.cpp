#include "cli/commands.h"

#include "app/trace_session.h"
#include "cli/trace_flags.h"
#include "common/error.h"
#include "inspect/inspect_command.h"

namespace sigtrace {

int run_command_line(int argc, char** argv) {
  ParsedCommandLine parsed = parse_command_line(argc, argv);
  if (parsed.inspect) return run_inspect(*parsed.inspect);
  if (parsed.trace) return run_trace(*parsed.trace);
  return static_cast<int>(ExitStatus::kOk);  // --help or --version
}

}  // namespace sigtrace
