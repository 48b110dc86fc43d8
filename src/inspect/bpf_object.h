// A BPF object as the inspector sees it: its maps, its functions (programs
// and the sub-programs they call) with their instructions, and what each
// relocated instruction points at.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "inspect/bpf_insn.h"
#include "inspect/elf_file.h"
#include "inspect/map_definitions.h"

namespace sigtrace::inspect {

struct Function {
  std::string name;
  uint32_t section = 0;  // ELF section index
  uint32_t first = 0;    // index of its first instruction in the section
  uint32_t count = 0;    // instruction slots (ld_imm64 takes two)
  bool program = false;  // an entry point; sub-programs live in .text
};

// What a relocated ld_imm64 or call instruction refers to.
struct InsnTarget {
  enum class Kind { kMap, kFunction, kData, kExtern };
  Kind kind = Kind::kData;
  uint32_t index = 0;  // into maps() or functions()
};

class BpfObject {
 public:
  // Throws Error(kBadObject) with a one-line reason.
  static BpfObject load(std::vector<uint8_t> bytes);

  const std::vector<MapDefinition>& maps() const { return maps_; }
  const std::vector<Function>& functions() const { return functions_; }
  const std::string& section_name(uint32_t section) const;
  std::span<const Insn> instructions(const Function& function) const;
  // The target of the ld_imm64 or call at `insn` (an index into `function`);
  // calls are resolved even without a relocation (calls within a section).
  std::optional<InsnTarget> target(const Function& function, uint32_t insn) const;

 private:
  BpfObject() = default;
  void read_instructions(const ElfFile& elf);
  void read_functions(const ElfFile& elf);
  void resolve_relocations(const ElfFile& elf);
  void check_names() const;
  void resolve_local_calls();
  std::optional<uint32_t> function_starting_at(uint32_t section, uint64_t insn) const;
  InsnTarget relocation_target(const ElfFile& elf, const ElfRelocation& relocation,
                               const Insn& insn, uint32_t section, uint64_t at) const;

  std::vector<std::string> section_names_;
  std::vector<MapDefinition> maps_;
  std::vector<Function> functions_;
  std::map<uint32_t, std::vector<Insn>> code_;  // by executable section
  // (section << 32 | instruction index) -> target
  std::unordered_map<uint64_t, InsnTarget> targets_;
};

}  // namespace sigtrace::inspect
