#include "cli/top_flags.h"

namespace sigtrace {

CLI::App* add_top_flags(CLI::App& app, std::optional<std::string>& delay) {
  CLI::App* top = app.add_subcommand(
      "top",
      "a live table of the signals counted by sender, target, signal and result, the busiest "
      "first, with their rates; every flag of tracing applies (q quits, s < > sort)");
  // Tracing's flags given after `top` are tracing's.
  top->fallthrough();
  top->add_option("-d,--delay", delay, "seconds between two refreshes (default 2)")
      ->type_name("SECONDS");
  top->footer(
      "\nEvery flag of `sigtrace --help` applies too, before or after `top`: the filters,\n"
      "-k, --metrics, --count, --timeout; --fields lists what events are counted by.\n"
      "Keys: q quits (so do Ctrl-C and SIGTERM), s and > sort by the next column, < by\n"
      "the one before; Ctrl-Z suspends.\n");
  return top;
}

}  // namespace sigtrace
