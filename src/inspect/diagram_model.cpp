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

}  // namespace

DiagramModel diagram_model(const Inspection& inspection, bool all) {
  DiagramModel model;
  model.unknown_node = unused_node_id(inspection);
  for (const InspectedProgram& program : inspection.programs) {
    std::vector<DiagramArrow>& arrows = model.arrows.emplace_back();
    for (const Interaction& interaction : inspection.interactions) {
      if (interaction.program != program.name) continue;
      if (!all && (!interaction.reference_verb || !interaction.map)) continue;
      DiagramArrow arrow{interaction.map.value_or(model.unknown_node), interaction.verb};
      model.draws_unknown = model.draws_unknown || !interaction.map;
      bool seen = std::any_of(arrows.begin(), arrows.end(), [&](const DiagramArrow& a) {
        return a.node == arrow.node && a.verb == arrow.verb;
      });
      if (!seen) arrows.push_back(std::move(arrow));
    }
  }
  return model;
}

}  // namespace sigtrace::inspect
