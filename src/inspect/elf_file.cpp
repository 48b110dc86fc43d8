#include "inspect/elf_file.h"

#include <string>
#include <utility>

#include "inspect/object_error.h"

namespace sigtrace::inspect {
namespace {

constexpr uint64_t kElfHeaderSize = 64;
constexpr uint64_t kSectionHeaderSize = 64;
constexpr uint64_t kSymbolSize = 24;
constexpr uint64_t kRelocationSize = 16;
constexpr uint8_t kElfClass64 = 2;
constexpr uint8_t kElfDataLittle = 1;
constexpr uint16_t kEtRel = 1;
constexpr uint16_t kEmNone = 0;
constexpr uint16_t kEmBpf = 247;
constexpr uint16_t kShnXindex = 0xffff;

template <typename T>
T field(Bytes bytes, uint64_t offset, const char* what) {
  auto value = load_le<T>(bytes, offset);
  if (!value) throw_bad_object(std::string("truncated ") + what);
  return *value;
}

std::string machine_name(uint16_t machine) {
  switch (machine) {
    case 3: return "i386";
    case 40: return "ARM";
    case 62: return "x86-64";
    case 183: return "AArch64";
    case 243: return "RISC-V";
    default: return "machine " + std::to_string(machine);
  }
}

void check_identity(Bytes bytes) {
  if (bytes.size() < 4 || bytes[0] != 0x7f || bytes[1] != 'E' || bytes[2] != 'L' ||
      bytes[3] != 'F') {
    throw_bad_object("not an ELF file");
  }
  if (bytes.size() < kElfHeaderSize) throw_bad_object("truncated ELF header");
  if (bytes[4] != kElfClass64) throw_bad_object("not a BPF object: 32-bit ELF");
  if (bytes[5] != kElfDataLittle) {
    throw_bad_object("big-endian ELF: only little-endian BPF objects are supported");
  }
  uint16_t type = field<uint16_t>(bytes, 16, "ELF header");
  uint16_t machine = field<uint16_t>(bytes, 18, "ELF header");
  // libbpf also accepts EM_NONE, which old compilers wrote into BPF objects.
  if (machine != kEmBpf && machine != kEmNone) {
    throw_bad_object("not a BPF object: ELF for " + machine_name(machine));
  }
  if (type != kEtRel) throw_bad_object("not a BPF object: not a relocatable ELF file");
}

}  // namespace

ElfFile ElfFile::parse(std::vector<uint8_t> bytes) {
  ElfFile file;
  file.bytes_ = std::move(bytes);
  check_identity(file.bytes_);
  file.read_sections();
  file.read_symbols();
  file.read_relocations();
  return file;
}

void ElfFile::read_sections() {
  Bytes bytes = bytes_;
  uint64_t table = field<uint64_t>(bytes, 40, "ELF header");
  uint16_t entry_size = field<uint16_t>(bytes, 58, "ELF header");
  uint64_t count = field<uint16_t>(bytes, 60, "ELF header");
  uint32_t names_index = field<uint16_t>(bytes, 62, "ELF header");
  if (table == 0) throw_bad_object("ELF file has no section headers");
  if (entry_size != kSectionHeaderSize) throw_bad_object("unexpected ELF section header size");
  // Extended numbering: the real counts live in the first section header.
  if (count == 0) count = field<uint64_t>(bytes, table + 32, "section headers");
  if (names_index == kShnXindex)
    names_index = field<uint32_t>(bytes, table + 40, "section headers");
  if (count == 0 || count > bytes.size() / kSectionHeaderSize ||
      !checked_end(table, count * kSectionHeaderSize, bytes.size())) {
    throw_bad_object("truncated section headers");
  }
  sections_.resize(count);
  for (uint64_t i = 0; i < count; ++i) {
    uint64_t at = table + i * kSectionHeaderSize;
    ElfSection& section = sections_[i];
    section.type = field<uint32_t>(bytes, at + 4, "section header");
    section.flags = field<uint64_t>(bytes, at + 8, "section header");
    section.offset = field<uint64_t>(bytes, at + 24, "section header");
    section.size = field<uint64_t>(bytes, at + 32, "section header");
    section.link = field<uint32_t>(bytes, at + 40, "section header");
    section.info = field<uint32_t>(bytes, at + 44, "section header");
    section.entry_size = field<uint64_t>(bytes, at + 56, "section header");
    if (section.has_data() && !checked_end(section.offset, section.size, bytes.size())) {
      throw_bad_object("section " + std::to_string(i) + " lies past the end of the file");
    }
  }
  if (names_index >= count || sections_[names_index].type != kShtStrtab) {
    throw_bad_object("missing section name table");
  }
  Bytes names = data(sections_[names_index]);
  for (uint64_t i = 0; i < count; ++i) {
    uint32_t name_offset = field<uint32_t>(bytes, table + i * kSectionHeaderSize, "section header");
    auto name = c_string_at(names, name_offset);
    if (!name) throw_bad_object("section " + std::to_string(i) + " has a corrupt name");
    sections_[i].name = std::string(*name);
  }
}

void ElfFile::read_symbols() {
  const ElfSection* table = nullptr;
  for (const ElfSection& section : sections_) {
    if (section.type != kShtSymtab) continue;
    if (table) throw_bad_object("more than one symbol table");
    table = &section;
  }
  if (!table) throw_bad_object("no symbol table");
  if (table->entry_size != kSymbolSize || table->size % kSymbolSize != 0) {
    throw_bad_object("corrupt symbol table");
  }
  if (!is_section_index(table->link) || sections_[table->link].type != kShtStrtab) {
    throw_bad_object("symbol table without a string table");
  }
  Bytes entries = data(*table);
  Bytes names = data(sections_[table->link]);
  uint64_t count = table->size / kSymbolSize;
  symbols_.resize(count);
  for (uint64_t i = 0; i < count; ++i) {
    uint64_t at = i * kSymbolSize;
    ElfSymbol& symbol = symbols_[i];
    auto name = c_string_at(names, field<uint32_t>(entries, at, "symbol"));
    if (!name) throw_bad_object("symbol " + std::to_string(i) + " has a corrupt name");
    symbol.name = std::string(*name);
    uint8_t info = field<uint8_t>(entries, at + 4, "symbol");
    symbol.type = info & 0xf;
    symbol.binding = info >> 4;
    symbol.section = field<uint16_t>(entries, at + 6, "symbol");
    symbol.value = field<uint64_t>(entries, at + 8, "symbol");
    symbol.size = field<uint64_t>(entries, at + 16, "symbol");
  }
}

void ElfFile::read_relocations() {
  relocations_.resize(sections_.size());
  uint32_t symbol_table = 0;
  for (const ElfSection& section : sections_) {
    if (section.type == kShtSymtab) symbol_table = index_of(section);
  }
  for (const ElfSection& section : sections_) {
    if (section.type != kShtRel) continue;
    if (section.entry_size != kRelocationSize || section.size % kRelocationSize != 0) {
      throw_bad_object("relocation section " + section.name + " is corrupt");
    }
    if (section.link != symbol_table || !is_section_index(section.info)) {
      throw_bad_object("relocation section " + section.name + " points nowhere");
    }
    Bytes entries = data(section);
    auto& target = relocations_[section.info];
    for (uint64_t at = 0; at < section.size; at += kRelocationSize) {
      ElfRelocation relocation;
      relocation.offset = field<uint64_t>(entries, at, "relocation");
      uint64_t info = field<uint64_t>(entries, at + 8, "relocation");
      relocation.type = static_cast<uint32_t>(info & 0xffffffffu);
      uint64_t symbol = info >> 32;
      if (symbol >= symbols_.size()) {
        throw_bad_object("relocation in " + section.name + " names a missing symbol");
      }
      relocation.symbol = static_cast<uint32_t>(symbol);
      target.push_back(relocation);
    }
  }
}

const std::vector<ElfRelocation>& ElfFile::relocations_for(uint32_t index) const {
  static const std::vector<ElfRelocation> kNone;
  return index < relocations_.size() ? relocations_[index] : kNone;
}

Bytes ElfFile::data(const ElfSection& section) const {
  if (!section.has_data()) return {};
  // read_sections() checked the range of every section with data.
  return Bytes(bytes_).subspan(static_cast<size_t>(section.offset),
                               static_cast<size_t>(section.size));
}

const ElfSection* ElfFile::find_section(std::string_view name) const {
  for (const ElfSection& section : sections_) {
    if (section.name == name) return &section;
  }
  return nullptr;
}

uint32_t ElfFile::index_of(const ElfSection& section) const {
  return static_cast<uint32_t>(&section - sections_.data());
}

}  // namespace sigtrace::inspect
