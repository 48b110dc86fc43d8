// The map `ig image inspect` takes for a helper call. It walks a program's
// instructions in layout order and remembers, for each register, the last
// relocated 64-bit load into it; copies, branches and calls leave that memory
// alone. So where two branches load different maps before one call (clang
// merges `c ? f(&a) : f(&b)` into a single call), it names the map whose load
// comes last in instruction order.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "inspect/bpf_object.h"
#include "inspect/program_layout.h"

namespace sigtrace::inspect {

class LastLoads {
 public:
  explicit LastLoads(const BpfObject& object) : object_(object) {}

  // The map last loaded into `reg` (r1-r5) before instruction `insn` of
  // `function`, walking `layout`; nothing when no load into it came before,
  // or the last one loaded something other than a map (data, a function).
  std::optional<uint32_t> map_before(const ProgramLayout& layout, uint32_t function, uint32_t insn,
                                     uint8_t reg);

 private:
  struct Load {
    uint32_t insn = 0;
    std::optional<uint32_t> map;
  };
  static constexpr uint8_t kLastArgument = 5;
  // Loads into r1-r5 (index 0 unused), each in instruction order.
  using Loads = std::array<std::vector<Load>, kLastArgument + 1>;

  const Loads& loads_of(uint32_t function);

  const BpfObject& object_;
  // Per function, not per program: sub-programs are shared by the programs
  // that call them, and each is read once.
  std::unordered_map<uint32_t, Loads> loads_;
};

}  // namespace sigtrace::inspect
