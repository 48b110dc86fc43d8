// The developer notes of an object, in the structure of the gadget notes
// `ig image inspect` diagrams are published in.
#include <string>

#include "inspect/diagram_model.h"
#include "inspect/render.h"

namespace sigtrace::inspect {

std::string render_markdown(const Inspection& inspection, bool all, std::string_view command) {
  std::string out =
      "# Developer Notes\n"
      "\n"
      "What the README leaves out: how the object's eBPF programs use its maps. The diagrams "
      "below are drawn from the compiled object, so they change when the code does; do not edit "
      "them by hand.\n"
      "\n"
      "## Program-Map interactions\n"
      "\n";
  out += "`" + std::string(command) + "` read `" + inspection.object +
         "`: for each program it follows which map every helper call is given, and draws one "
         "edge per program, map and kind of access. A branch that never runs still draws its "
         "calls: the diagrams show what the code can do, not what a given run did.";
  if (all) {
    out +=
        " They also show the helpers `ig image inspect` leaves out (ring buffers, tail calls, "
        "for-each callbacks, timers and more); `?` stands for a map the analysis could not "
        "determine.";
  }
  // Only where it happens, so that notes of objects without such calls keep their text.
  if (diagram_model(inspection, all).draws_candidates) {
    out += all ? " A call that may act on one of several maps has an edge to each."
               : " A call that may act on one of several maps has one edge, to the map loaded "
                 "last before it in instruction order, as `ig image inspect` draws it; `--all` "
                 "draws one to each.";
  }
  out += "\n\n### Flowchart\n\n" + fenced_mermaid(render_flowchart(inspection, all));
  out += "\n### Sequence Diagram\n\n" + fenced_mermaid(render_sequence_diagram(inspection, all));
  return out;
}

}  // namespace sigtrace::inspect
