// The maps an object defines: libbpf-style `.maps` (described by BTF) and
// the legacy `maps` section (struct bpf_map_def). Data sections (.rodata,
// .data, .bss, .kconfig) become maps at load time too, but they hold the
// program's variables, not maps the developer declared, so they are not here.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "inspect/elf_file.h"

namespace sigtrace::inspect {

inline constexpr std::string_view kBtfMapsSection = ".maps";
inline constexpr std::string_view kLegacyMapsSection = "maps";

// What a map is, as the object declares it.
struct MapAttributes {
  std::string name;
  uint32_t type = 0;
  uint32_t key_size = 0;
  uint32_t value_size = 0;
  uint32_t max_entries = 0;
  uint32_t flags = 0;
};

// ...and where the declaration sits, for relocations that point at it.
struct MapDefinition : MapAttributes {
  uint32_t section = 0;  // ELF section of the definition
  uint64_t offset = 0;   // where in it the definition starts
};

// Throws Error(kBadObject) for definitions that cannot be read.
std::vector<MapDefinition> read_map_definitions(const ElfFile& elf);

}  // namespace sigtrace::inspect
