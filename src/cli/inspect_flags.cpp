#include "cli/inspect_flags.h"

namespace sigtrace {

CLI::App* add_inspect_flags(CLI::App& app, InspectCommand& command) {
  CLI::App* inspect = app.add_subcommand(
      "inspect",
      "draw which BPF program touches which map: the trace_signal object built into sigtrace, "
      "or FILE");
  inspect->add_option("file", command.file, "a BPF object file (ELF) to inspect instead")
      ->type_name("FILE");
  inspect
      ->add_option("--format", command.format,
                   "mermaid (flowchart and sequence diagram), markdown (developer notes) or json")
      ->type_name("FORMAT")
      ->check(CLI::IsMember({"mermaid", "markdown", "json"}))
      ->default_str("mermaid");
  inspect->add_flag("--all", command.all,
                    "also ring buffers, tail calls, for-each, timers and other helpers "
                    "`ig image inspect` leaves out, an edge to each map a call may act on, and "
                    "calls whose map is unknown (drawn as ?)");
  return inspect;
}

}  // namespace sigtrace
