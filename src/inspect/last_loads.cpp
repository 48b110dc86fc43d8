#include "inspect/last_loads.h"

#include <algorithm>
#include <iterator>
#include <span>
#include <utility>

namespace sigtrace::inspect {

const LastLoads::Loads& LastLoads::loads_of(uint32_t index) {
  if (auto found = loads_.find(index); found != loads_.end()) return found->second;
  const Function& function = object_.functions()[index];
  std::span<const Insn> code = object_.instructions(function);
  Loads loads;
  for (uint32_t i = 0; i < code.size(); ++i) {
    // Like `ig image inspect`: any relocated instruction writes its register,
    // whatever it refers to.
    auto target = object_.target(function, i);
    if (!target || code[i].dst == 0 || code[i].dst > kLastArgument) continue;
    std::optional<uint32_t> map;
    if (target->kind == InsnTarget::Kind::kMap) map = target->index;
    loads[code[i].dst].push_back({i, map});
  }
  return loads_.emplace(index, std::move(loads)).first->second;
}

std::optional<uint32_t> LastLoads::map_before(const ProgramLayout& layout, uint32_t function,
                                              uint32_t insn, uint8_t reg) {
  if (reg == 0 || reg > kLastArgument) return std::nullopt;
  auto placed = std::find(layout.functions.begin(), layout.functions.end(), function);
  if (placed == layout.functions.end()) return std::nullopt;
  const std::vector<Load>& here = loads_of(function)[reg];
  auto after = std::lower_bound(here.begin(), here.end(), insn,
                                [](const Load& load, uint32_t at) { return load.insn < at; });
  if (after != here.begin()) return std::prev(after)->map;
  // The walk goes on from the functions laid out before this one.
  while (placed != layout.functions.begin()) {
    --placed;
    const std::vector<Load>& earlier = loads_of(*placed)[reg];
    if (!earlier.empty()) return earlier.back().map;
  }
  return std::nullopt;
}

}  // namespace sigtrace::inspect
