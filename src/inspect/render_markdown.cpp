// The developer notes of an object, in the structure of the gadget notes
// `ig image inspect` diagrams are published in.
#include <string>

#include "inspect/render.h"

namespace sigtrace::inspect {

std::string render_markdown(const Inspection& inspection, bool all, std::string_view command) {
  std::string out =
      "# Developer Notes\n"
      "\n"
      "This file complements the README file with implementation details specific to this "
      "gadget. It includes diagrams that illustrate how eBPF programs interact with eBPF maps. "
      "These visualizations help clarify the internal data flow and logic, making it easier to "
      "understand, maintain, and extend the gadget.\n"
      "\n"
      "## Program-Map interactions\n"
      "\n";
  out += "The following diagrams are generated from `" + inspection.object + "` using the `" +
         std::string(command) +
         "` command. Note they are a best-effort representation of the actual interactions, as "
         "they do not account for conditionals in the code that may prevent certain "
         "program\u2013map interactions from occurring at runtime.";
  if (all) {
    out +=
        " They also show the helpers `ig image inspect` leaves out (ring buffers, tail calls, "
        "for-each callbacks, timers and more); `?` stands for a map the analysis could not "
        "determine.";
  }
  out += "\n\n### Flowchart\n\n" + fenced_mermaid(render_flowchart(inspection, all));
  out += "\n### Sequence Diagram\n\n" + fenced_mermaid(render_sequence_diagram(inspection, all));
  return out;
}

}  // namespace sigtrace::inspect
