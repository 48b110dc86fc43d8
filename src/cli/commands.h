// The top of sigtrace: the command line parsed, and the command it names
// run.
#pragma once

namespace sigtrace {

// Returns the exit status; throws sigtrace::Error for what fails.
int run_command_line(int argc, char** argv);

}  // namespace sigtrace
