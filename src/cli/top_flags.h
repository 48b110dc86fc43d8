// `sigtrace top`'s flags: its own (-d), and every flag of tracing, which
// may come before or after the word top.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

namespace sigtrace {

// Adds the subcommand; -d's text goes to `delay`, parsed with the rest.
CLI::App* add_top_flags(CLI::App& app, std::optional<std::string>& delay);

}  // namespace sigtrace
