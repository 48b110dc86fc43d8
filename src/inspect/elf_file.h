// A minimal reader of 64-bit little-endian ELF relocatable files, the form
// clang gives BPF objects. It trusts nothing in the file: every offset, size,
// index and string is checked, and anything out of place is a kBadObject error.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "inspect/byte_reader.h"

namespace sigtrace::inspect {

inline constexpr uint32_t kShtProgbits = 1;
inline constexpr uint32_t kShtSymtab = 2;
inline constexpr uint32_t kShtStrtab = 3;
inline constexpr uint32_t kShtNobits = 8;
inline constexpr uint32_t kShtRel = 9;
inline constexpr uint64_t kShfWrite = 0x1;
inline constexpr uint64_t kShfExecinstr = 0x4;

inline constexpr uint8_t kSttNotype = 0;
inline constexpr uint8_t kSttObject = 1;
inline constexpr uint8_t kSttFunc = 2;
inline constexpr uint8_t kSttSection = 3;
inline constexpr uint8_t kStbLocal = 0;

// Relocation types of the BPF ELF ABI that the inspector interprets.
inline constexpr uint32_t kRelocBpf64_64 = 1;   // ld_imm64: map, data or function address
inline constexpr uint32_t kRelocBpf64_32 = 10;  // call: sub-program

struct ElfSection {
  std::string name;
  uint32_t type = 0;
  uint64_t flags = 0;
  uint64_t offset = 0;
  uint64_t size = 0;
  uint32_t link = 0;
  uint32_t info = 0;
  uint64_t entry_size = 0;

  bool executable() const { return type == kShtProgbits && (flags & kShfExecinstr) != 0; }
  bool has_data() const { return type != kShtNobits && size > 0; }
};

struct ElfSymbol {
  std::string name;
  uint8_t type = 0;
  uint8_t binding = 0;
  uint32_t section = 0;  // as in the file: special values (>= 0xff00) are not sections
  uint64_t value = 0;
  uint64_t size = 0;
};

struct ElfRelocation {
  uint64_t offset = 0;
  uint32_t symbol = 0;  // always a valid index into symbols()
  uint32_t type = 0;
};

class ElfFile {
 public:
  // Throws Error(kBadObject) with a one-line reason.
  static ElfFile parse(std::vector<uint8_t> bytes);

  const std::vector<ElfSection>& sections() const { return sections_; }
  const std::vector<ElfSymbol>& symbols() const { return symbols_; }
  // The relocations that patch section `index`, in file order.
  const std::vector<ElfRelocation>& relocations_for(uint32_t index) const;
  // The section's bytes (empty for NOBITS); always inside the file.
  Bytes data(const ElfSection& section) const;
  // The first section with this name, or nullptr.
  const ElfSection* find_section(std::string_view name) const;
  uint32_t index_of(const ElfSection& section) const;
  bool is_section_index(uint32_t index) const { return index < sections_.size(); }

 private:
  ElfFile() = default;
  void read_sections();
  void read_symbols();
  void read_relocations();

  std::vector<uint8_t> bytes_;
  std::vector<ElfSection> sections_;
  std::vector<ElfSymbol> symbols_;
  std::vector<std::vector<ElfRelocation>> relocations_;  // by target section
};

}  // namespace sigtrace::inspect
