#include "inspect/inspection.h"

#include <algorithm>
#include <utility>

#include "inspect/attach_point.h"
#include "inspect/bpf_object.h"
#include "inspect/helper_calls.h"
#include "inspect/last_loads.h"
#include "inspect/map_flow.h"

namespace sigtrace::inspect {
namespace {

std::vector<std::string> map_names(const BpfObject& object, const MapSet& maps) {
  std::vector<std::string> names;
  for (size_t i = 0; i < maps.count; ++i)
    names.push_back(object.maps()[maps.ids[i]].name);
  return names;
}

// Names the map of one use, or its candidates. With several candidates, the
// map types the helper accepts may leave exactly one: that is a proof (the
// verifier checks the type on every path), not a guess.
void name_map(const BpfObject& object, const MapHelper& helper, const Value& argument,
              Interaction& interaction) {
  ValueKind expected =
      helper.argument == MapArgument::kMap ? ValueKind::kMapPtr : ValueKind::kMapValue;
  if (argument.kind == ValueKind::kInnerMap && helper.argument == MapArgument::kMap &&
      !argument.maps.overflow) {
    interaction.inner_map_of = map_names(object, argument.maps);
    return;
  }
  if (argument.kind != expected || argument.maps.overflow) return;
  std::vector<uint32_t> candidates(argument.maps.ids.begin(),
                                   argument.maps.ids.begin() + argument.maps.count);
  if (candidates.size() > 1 && !helper.map_types.empty()) {
    std::vector<uint32_t> fitting;
    for (uint32_t id : candidates) {
      uint32_t type = object.maps()[id].type;
      if (std::find(helper.map_types.begin(), helper.map_types.end(), type) !=
          helper.map_types.end()) {
        fitting.push_back(id);
      }
    }
    if (!fitting.empty()) candidates = fitting;
  }
  if (candidates.size() == 1) {
    interaction.map = object.maps()[candidates[0]].name;
    return;
  }
  for (uint32_t id : candidates)
    interaction.candidates.push_back(object.maps()[id].name);
}

// Only a candidate: where the last load is of a map the analysis rules out,
// `ig image inspect` draws a wrong edge, and sigtrace draws none.
void name_last_loaded(const BpfObject& object, LastLoads& loads, const ProgramFlow& flow,
                      const MapUse& use, const MapHelper& helper, Interaction& interaction) {
  if (!helper.reference || interaction.candidates.empty()) return;
  auto map = loads.map_before(flow.layout, use.function, use.insn, helper.map_register);
  if (!map) return;
  const std::string& name = object.maps()[*map].name;
  const auto& candidates = interaction.candidates;
  if (std::find(candidates.begin(), candidates.end(), name) != candidates.end()) {
    interaction.last_loaded = name;
  }
}

InspectedProgram describe_program(const BpfObject& object, const Function& function,
                                  const ProgramFlow& flow) {
  InspectedProgram program;
  program.name = function.name;
  program.section = object.section_name(function.section);
  AttachPoint attach = attach_point(program.section);
  program.attach_type = attach.type;
  program.attach_target = attach.target;
  program.instructions = flow.layout.total_instructions;
  for (size_t i = 1; i < flow.layout.functions.size(); ++i) {
    program.subprograms.push_back(object.functions()[flow.layout.functions[i]].name);
  }
  program.analysis_complete = flow.complete;
  return program;
}

Interaction describe_use(const BpfObject& object, LastLoads& last_loads, const Function& program,
                         const ProgramFlow& flow, const MapUse& use, const MapHelper& helper) {
  Interaction interaction;
  interaction.program = program.name;
  interaction.function = object.functions()[use.function].name;
  interaction.insn = flow.layout.position(use.function, use.insn).value_or(0);
  interaction.verb = std::string(helper.verb);
  interaction.reference_verb = helper.reference;
  name_map(object, helper, use.argument, interaction);
  name_last_loaded(object, last_loads, flow, use, helper, interaction);
  return interaction;
}

}  // namespace

Inspection inspect_object(std::vector<uint8_t> bytes, std::string object_name) {
  BpfObject object = BpfObject::load(std::move(bytes));
  Inspection inspection;
  inspection.object = std::move(object_name);
  for (const MapDefinition& map : object.maps()) {
    inspection.maps.push_back(static_cast<const MapAttributes&>(map));
  }
  std::stable_sort(inspection.maps.begin(), inspection.maps.end(),
                   [](const auto& a, const auto& b) { return a.name < b.name; });

  std::vector<uint32_t> programs;
  for (uint32_t i = 0; i < object.functions().size(); ++i) {
    if (object.functions()[i].program) programs.push_back(i);
  }
  std::stable_sort(programs.begin(), programs.end(), [&](uint32_t a, uint32_t b) {
    return object.functions()[a].name < object.functions()[b].name;
  });
  MapFlowAnalysis analysis(object);
  LastLoads last_loads(object);
  for (uint32_t index : programs) {
    const Function& function = object.functions()[index];
    ProgramFlow flow = analysis.analyze(index);
    inspection.programs.push_back(describe_program(object, function, flow));
    size_t first = inspection.interactions.size();
    for (const MapUse& use : flow.uses) {
      const MapHelper* helper = find_map_helper(use.helper);
      if (!helper) continue;
      Interaction interaction = describe_use(object, last_loads, function, flow, use, *helper);
      // Different facts about one call can name the same map.
      auto previous = inspection.interactions.begin() + static_cast<ptrdiff_t>(first);
      if (std::find(previous, inspection.interactions.end(), interaction) !=
          inspection.interactions.end()) {
        continue;
      }
      inspection.interactions.push_back(std::move(interaction));
    }
  }
  return inspection;
}

}  // namespace sigtrace::inspect
