#include "inspect/diagram_model.h"

#include <algorithm>

namespace sigtrace::inspect {
namespace {

std::string unused_node_id(const Inspection& inspection) {
  auto taken = [&inspection](const std::string& id) {
    return std::any_of(inspection.maps.begin(), inspection.maps.end(),
                       [&](const InspectedMap& m) { return m.name == id; }) ||
           std::any_of(inspection.programs.begin(), inspection.programs.end(),
                       [&](const InspectedProgram& p) { return p.name == id; });
  };
  std::string id = "unknown_map";
  while (taken(id))
    id += "_";
  return id;
}

// What one interaction points at. Without --all: its map, else the candidate
// `ig image inspect` draws; with it: its map, else every candidate, else `?`.
std::vector<std::string> arrow_nodes(const Interaction& interaction, bool all,
                                     const std::string& unknown_node) {
  if (interaction.map) return {*interaction.map};
  if (!all) {
    if (interaction.last_loaded) return {*interaction.last_loaded};
    return {};
  }
  if (!interaction.candidates.empty()) return interaction.candidates;
  return {unknown_node};
}

void add_arrow(std::vector<DiagramArrow>& arrows, DiagramArrow arrow) {
  bool seen = std::any_of(arrows.begin(), arrows.end(), [&](const DiagramArrow& a) {
    return a.node == arrow.node && a.verb == arrow.verb;
  });
  if (!seen) arrows.push_back(std::move(arrow));
}

}  // namespace

DiagramModel diagram_model(const Inspection& inspection, bool all) {
  DiagramModel model;
  model.unknown_node = unused_node_id(inspection);
  for (const InspectedProgram& program : inspection.programs) {
    std::vector<DiagramArrow>& arrows = model.arrows.emplace_back();
    for (const Interaction& interaction : inspection.interactions) {
      if (interaction.program != program.name) continue;
      if (!all && !interaction.reference_verb) continue;
      for (std::string& node : arrow_nodes(interaction, all, model.unknown_node)) {
        bool unknown = node == model.unknown_node;
        model.draws_unknown = model.draws_unknown || unknown;
        model.draws_candidates = model.draws_candidates || (!interaction.map && !unknown);
        add_arrow(arrows, {std::move(node), interaction.verb});
      }
    }
  }
  return model;
}

}  // namespace sigtrace::inspect
