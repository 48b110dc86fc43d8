#include "inspect/bpf_object.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <utility>

#include "inspect/object_error.h"

namespace sigtrace::inspect {
namespace {

constexpr uint64_t kInsnSize = 8;
constexpr std::string_view kSubprogramSection = ".text";

uint64_t target_key(uint32_t section, uint64_t insn) {
  return (static_cast<uint64_t>(section) << 32) | insn;
}

Insn decode(Bytes bytes, uint64_t at) {
  Insn insn;
  insn.code = bytes[at];
  insn.dst = bytes[at + 1] & 0x0f;
  insn.src = bytes[at + 1] >> 4;
  insn.off = static_cast<int16_t>(*load_le<uint16_t>(bytes, at + 2));
  insn.imm = static_cast<int32_t>(*load_le<uint32_t>(bytes, at + 4));
  return insn;
}

bool is_map_section(const std::string& name) {
  return name == kBtfMapsSection || name == kLegacyMapsSection;
}

}  // namespace

BpfObject BpfObject::load(std::vector<uint8_t> bytes) {
  ElfFile elf = ElfFile::parse(std::move(bytes));
  BpfObject object;
  for (const ElfSection& section : elf.sections())
    object.section_names_.push_back(section.name);
  object.maps_ = read_map_definitions(elf);
  object.read_instructions(elf);
  object.read_functions(elf);
  object.resolve_relocations(elf);
  object.resolve_local_calls();
  object.check_names();
  return object;
}

// Program and map names become diagram nodes and terminal text: only what a
// compiler can name them passes, so a crafted file cannot carry escape
// sequences or mermaid syntax into the output.
void BpfObject::check_names() const {
  auto usable = [](const std::string& name) {
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.';
    });
  };
  for (const Function& function : functions_) {
    if (function.program && !usable(function.name)) {
      throw_bad_object("program name '" + function.name + "' is no C identifier");
    }
  }
  for (const MapDefinition& map : maps_) {
    if (!usable(map.name)) throw_bad_object("map name '" + map.name + "' is no C identifier");
  }
}

const std::string& BpfObject::section_name(uint32_t section) const {
  static const std::string kNone;
  return section < section_names_.size() ? section_names_[section] : kNone;
}

std::span<const Insn> BpfObject::instructions(const Function& function) const {
  auto code = code_.find(function.section);
  if (code == code_.end()) return {};
  return std::span<const Insn>(code->second).subspan(function.first, function.count);
}

std::optional<InsnTarget> BpfObject::target(const Function& function, uint32_t insn) const {
  auto found = targets_.find(target_key(function.section, uint64_t{function.first} + insn));
  if (found == targets_.end()) return std::nullopt;
  return found->second;
}

void BpfObject::read_instructions(const ElfFile& elf) {
  for (const ElfSection& section : elf.sections()) {
    if (!section.executable()) continue;
    Bytes bytes = elf.data(section);
    if (bytes.size() % kInsnSize != 0) {
      throw_bad_object("section " + section.name + " is not a whole number of instructions");
    }
    std::vector<Insn>& code = code_[elf.index_of(section)];
    code.reserve(bytes.size() / kInsnSize);
    for (uint64_t at = 0; at < bytes.size(); at += kInsnSize)
      code.push_back(decode(bytes, at));
  }
}

void BpfObject::read_functions(const ElfFile& elf) {
  for (const ElfSymbol& symbol : elf.symbols()) {
    if (symbol.type != kSttFunc || !code_.contains(symbol.section)) continue;
    if (symbol.size == 0) continue;
    uint64_t slots = code_.at(symbol.section).size();
    if (symbol.value % kInsnSize != 0 || symbol.size % kInsnSize != 0 ||
        !checked_end(symbol.value / kInsnSize, symbol.size / kInsnSize, slots)) {
      throw_bad_object("function " + symbol.name + " lies outside its section");
    }
    Function function;
    function.name = symbol.name;
    function.section = symbol.section;
    function.first = static_cast<uint32_t>(symbol.value / kInsnSize);
    function.count = static_cast<uint32_t>(symbol.size / kInsnSize);
    function.program = section_name(symbol.section) != kSubprogramSection;
    functions_.push_back(std::move(function));
  }
  std::stable_sort(functions_.begin(), functions_.end(), [](const Function& a, const Function& b) {
    return std::pair(a.section, a.first) < std::pair(b.section, b.first);
  });
  // Aliases (two symbols for one function) would count its maps twice.
  auto same_start = [](const Function& a, const Function& b) {
    return a.section == b.section && a.first == b.first;
  };
  functions_.erase(std::unique(functions_.begin(), functions_.end(), same_start), functions_.end());
}

std::optional<uint32_t> BpfObject::function_starting_at(uint32_t section, uint64_t insn) const {
  auto found = std::lower_bound(functions_.begin(), functions_.end(), std::pair(section, insn),
                                [](const Function& f, const std::pair<uint32_t, uint64_t>& key) {
                                  return std::pair<uint32_t, uint64_t>(f.section, f.first) < key;
                                });
  if (found == functions_.end() || found->section != section || found->first != insn) {
    return std::nullopt;
  }
  return static_cast<uint32_t>(found - functions_.begin());
}

InsnTarget BpfObject::relocation_target(const ElfFile& elf, const ElfRelocation& relocation,
                                        const Insn& insn, uint32_t section, uint64_t at) const {
  const ElfSymbol& symbol = elf.symbols()[relocation.symbol];
  std::string where = section_name(section) + "+" + std::to_string(at);
  if (symbol.section == 0) return {InsnTarget::Kind::kExtern, relocation.symbol};
  if (!elf.is_section_index(symbol.section)) return {InsnTarget::Kind::kData, 0};
  const ElfSection& target = elf.sections()[symbol.section];
  if (is_map_section(target.name) && is_ld_imm64(insn)) {
    uint64_t offset = symbol.value + (symbol.type == kSttSection ? insn.imm : 0);
    for (uint32_t i = 0; i < maps_.size(); ++i) {
      if (maps_[i].section == symbol.section && maps_[i].offset == offset) {
        return {InsnTarget::Kind::kMap, i};
      }
    }
    throw_bad_object("instruction " + where + " refers to no map");
  }
  if (!target.executable()) {
    if (is_call(insn)) throw_bad_object("call at " + where + " goes into data");
    return {InsnTarget::Kind::kData, 0};
  }
  // A call counts from the next instruction, an address load from the symbol;
  // in both the symbol may be the section itself with the offset in imm.
  int64_t base = static_cast<int64_t>(symbol.value / kInsnSize);
  int64_t slot = is_call(insn) ? base + insn.imm + 1
                               : (static_cast<int64_t>(symbol.value) + insn.imm) / int64_t{8};
  bool aligned = is_call(insn) || (static_cast<int64_t>(symbol.value) + insn.imm) % 8 == 0;
  auto function = slot >= 0 && aligned ? function_starting_at(symbol.section, slot) : std::nullopt;
  if (!function) throw_bad_object("instruction " + where + " refers to no function");
  return {InsnTarget::Kind::kFunction, *function};
}

void BpfObject::resolve_relocations(const ElfFile& elf) {
  for (auto& [section, code] : code_) {
    for (const ElfRelocation& relocation : elf.relocations_for(section)) {
      uint64_t at = relocation.offset / kInsnSize;
      if (relocation.offset % kInsnSize != 0 || at >= code.size()) {
        throw_bad_object("relocation outside the code of section " + section_name(section));
      }
      const Insn& insn = code[at];
      if (!is_ld_imm64(insn) && !is_call(insn)) continue;
      targets_[target_key(section, at)] = relocation_target(elf, relocation, insn, section, at);
    }
  }
}

void BpfObject::resolve_local_calls() {
  for (auto& [section, code] : code_) {
    for (uint64_t at = 0; at < code.size(); ++at) {
      const Insn& insn = code[at];
      if (!is_call(insn) || insn.src != op::kCallPseudo) continue;
      if (targets_.contains(target_key(section, at))) continue;
      int64_t slot = static_cast<int64_t>(at) + insn.imm + 1;
      auto function = slot >= 0 ? function_starting_at(section, slot) : std::nullopt;
      if (!function) {
        throw_bad_object("call at " + section_name(section) + "+" + std::to_string(at) +
                         " goes to no function");
      }
      targets_[target_key(section, at)] = {InsnTarget::Kind::kFunction, *function};
    }
  }
}

}  // namespace sigtrace::inspect
