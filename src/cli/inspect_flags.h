// `sigtrace inspect`'s flags.
#pragma once

#include <CLI/CLI.hpp>

#include "inspect/inspect_command.h"

namespace sigtrace {

// Adds the subcommand to the app, filling `command` when it is parsed.
CLI::App* add_inspect_flags(CLI::App& app, InspectCommand& command);

}  // namespace sigtrace
