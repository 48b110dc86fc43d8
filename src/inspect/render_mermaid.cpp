// The flowchart and the sequence diagram, line for line in the form
// `ig image inspect` writes them.
#include <algorithm>
#include <array>
#include <string>
#include <string_view>

#include "inspect/diagram_model.h"
#include "inspect/render.h"

namespace sigtrace::inspect {
namespace {

// Lookup, Update and Delete of one map share one edge, in this order.
constexpr std::array<std::string_view, 3> kMergedVerbs = {"Lookup", "Update", "Delete"};

bool is_merged_verb(std::string_view verb) {
  return std::find(kMergedVerbs.begin(), kMergedVerbs.end(), verb) != kMergedVerbs.end();
}

std::string merged_label(const std::vector<DiagramArrow>& arrows, const std::string& node) {
  std::string label;
  for (std::string_view verb : kMergedVerbs) {
    bool present = std::any_of(arrows.begin(), arrows.end(), [&](const DiagramArrow& a) {
      return a.node == node && a.verb == verb;
    });
    if (!present) continue;
    if (!label.empty()) label += "+";
    label += verb;
  }
  return label;
}

void add_program_edges(std::string& out, const std::string& program,
                       const std::vector<DiagramArrow>& arrows) {
  std::vector<std::string> merged_nodes;
  for (const DiagramArrow& arrow : arrows) {
    std::string label = arrow.verb;
    if (is_merged_verb(arrow.verb)) {
      if (std::find(merged_nodes.begin(), merged_nodes.end(), arrow.node) != merged_nodes.end()) {
        continue;
      }
      merged_nodes.push_back(arrow.node);
      label = merged_label(arrows, arrow.node);
    }
    out += program + " -- \"" + label + "\" --> " + arrow.node + "\n";
  }
}

}  // namespace

std::string render_flowchart(const Inspection& inspection, bool all) {
  DiagramModel model = diagram_model(inspection, all);
  std::string out = "flowchart LR\n";
  for (const InspectedMap& map : inspection.maps) {
    out += map.name + "[(\"" + map.name + "\")]\n";
  }
  if (model.draws_unknown) out += model.unknown_node + "[(\"?\")]\n";
  for (size_t i = 0; i < inspection.programs.size(); ++i) {
    const std::string& program = inspection.programs[i].name;
    add_program_edges(out, program, model.arrows[i]);
    out += program + "[\"" + program + "\"]\n";
  }
  return out;
}

std::string render_sequence_diagram(const Inspection& inspection, bool all) {
  DiagramModel model = diagram_model(inspection, all);
  std::string out = "sequenceDiagram\nbox eBPF Programs\n";
  for (const InspectedProgram& program : inspection.programs) {
    out += "participant " + program.name + "\n";
  }
  out += "end\nbox eBPF Maps\n";
  std::vector<std::string> maps_in_order;
  for (const auto& arrows : model.arrows) {
    for (const DiagramArrow& arrow : arrows) {
      if (std::find(maps_in_order.begin(), maps_in_order.end(), arrow.node) !=
          maps_in_order.end()) {
        continue;
      }
      maps_in_order.push_back(arrow.node);
      bool unknown = model.draws_unknown && arrow.node == model.unknown_node;
      out += "participant " + arrow.node + (unknown ? " as ?" : "") + "\n";
    }
  }
  out += "end\n";
  for (size_t i = 0; i < inspection.programs.size(); ++i) {
    for (const DiagramArrow& arrow : model.arrows[i]) {
      out += inspection.programs[i].name + "->>" + arrow.node + ": " + arrow.verb + "\n";
    }
  }
  return out;
}

}  // namespace sigtrace::inspect
