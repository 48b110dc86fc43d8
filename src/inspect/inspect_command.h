// `sigtrace inspect [FILE]`: which BPF program touches which map, drawn as
// the gadget developer notes draw it, from the trace_signal object built into
// sigtrace or from any BPF object file.
#pragma once

#include <optional>
#include <string>

namespace sigtrace {

struct InspectCommand {
  std::optional<std::string> file;  // nothing: the built-in trace_signal object
  std::string format = "mermaid";   // mermaid, markdown or json
  bool all = false;                 // also what `ig image inspect` leaves out
};

// Runs it, writes to stdout; throws sigtrace::Error (kBadObject / kUsage) with a one-line message.
int run_inspect(const InspectCommand& command);

// What run_inspect writes, for tests and generated documents.
std::string inspect_output(const InspectCommand& command);

}  // namespace sigtrace
