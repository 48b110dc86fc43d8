#include "inspect/program_layout.h"

#include <algorithm>
#include <unordered_set>
#include <utility>

namespace sigtrace::inspect {

std::optional<uint32_t> ProgramLayout::position(uint32_t function, uint32_t insn) const {
  auto found = std::find(functions.begin(), functions.end(), function);
  if (found == functions.end()) return std::nullopt;
  return bases[found - functions.begin()] + insn;
}

ProgramLayout layout_program(const BpfObject& object, uint32_t program) {
  ProgramLayout layout;
  std::unordered_set<uint32_t> placed;
  auto place = [&](uint32_t function) {
    placed.insert(function);
    layout.functions.push_back(function);
    layout.bases.push_back(layout.total_instructions);
    layout.total_instructions += object.functions()[function].count;
  };
  // An explicit stack instead of recursion: the call graph comes from the file.
  std::vector<std::pair<uint32_t, uint32_t>> pending;  // function, next instruction to scan
  place(program);
  pending.emplace_back(program, 0);
  while (!pending.empty()) {
    auto& [function, next] = pending.back();
    const Function& current = object.functions()[function];
    if (next >= current.count) {
      pending.pop_back();
      continue;
    }
    uint32_t insn = next++;
    auto target = object.target(current, insn);
    if (!target || target->kind != InsnTarget::Kind::kFunction) continue;
    if (placed.contains(target->index)) continue;
    place(target->index);
    pending.emplace_back(target->index, 0);
  }
  return layout;
}

}  // namespace sigtrace::inspect
