// The order in which a loader lays out a program's instructions: the program
// itself, then every sub-program it reaches (by call or by taking its
// address), each appended when first met, depth first, as libbpf does. The
// inspector numbers instructions in this layout, as the kernel will see them.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "inspect/bpf_object.h"

namespace sigtrace::inspect {

struct ProgramLayout {
  std::vector<uint32_t> functions;  // indices into BpfObject::functions(), program first
  std::vector<uint32_t> bases;      // index of each one's first instruction in the layout

  // Index of `insn` of `function` in the layout, or nothing if not part of it.
  std::optional<uint32_t> position(uint32_t function, uint32_t insn) const;
  uint32_t total_instructions = 0;
};

ProgramLayout layout_program(const BpfObject& object, uint32_t program);

}  // namespace sigtrace::inspect
