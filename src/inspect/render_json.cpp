// Programs, maps and every interaction, for tools.
#include <nlohmann/json.hpp>

#include "inspect/map_type_names.h"
#include "inspect/render.h"

namespace sigtrace::inspect {
namespace {

using Json = nlohmann::ordered_json;

Json program_json(const InspectedProgram& program) {
  Json json;
  json["name"] = program.name;
  json["section"] = program.section;
  json["attach_type"] = program.attach_type;
  json["attach_target"] = program.attach_target ? Json(*program.attach_target) : Json(nullptr);
  json["instructions"] = program.instructions;
  json["subprograms"] = program.subprograms;
  json["analysis_complete"] = program.analysis_complete;
  return json;
}

Json map_json(const InspectedMap& map) {
  Json json;
  json["name"] = map.name;
  json["type"] = map_type_name(map.type);
  json["key_size"] = map.key_size;
  json["value_size"] = map.value_size;
  json["max_entries"] = map.max_entries;
  json["flags"] = map.flags;
  return json;
}

Json interaction_json(const Interaction& interaction) {
  Json json;
  json["program"] = interaction.program;
  json["function"] = interaction.function;
  json["insn"] = interaction.insn;
  json["verb"] = interaction.verb;
  json["map"] = interaction.map ? Json(*interaction.map) : Json(nullptr);
  json["resolved"] = interaction.map.has_value();
  if (!interaction.map) {
    json["candidates"] = interaction.candidates;
    if (interaction.last_loaded) json["last_loaded"] = *interaction.last_loaded;
    if (!interaction.inner_map_of.empty()) json["inner_map_of"] = interaction.inner_map_of;
  }
  return json;
}

}  // namespace

std::string render_json(const Inspection& inspection, bool all) {
  Json json;
  json["object"] = inspection.object;
  json["programs"] = Json::array();
  for (const InspectedProgram& program : inspection.programs) {
    json["programs"].push_back(program_json(program));
  }
  json["maps"] = Json::array();
  for (const InspectedMap& map : inspection.maps)
    json["maps"].push_back(map_json(map));
  json["interactions"] = Json::array();
  for (const Interaction& interaction : inspection.interactions) {
    if (all || interaction.reference_verb) {
      json["interactions"].push_back(interaction_json(interaction));
    }
  }
  // Names come from the file; invalid UTF-8 must not make dump() throw.
  return json.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace sigtrace::inspect
