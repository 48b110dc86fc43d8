#include "inspect/map_definitions.h"

#include <optional>
#include <string>

#include "inspect/btf.h"
#include "inspect/object_error.h"

namespace sigtrace::inspect {
namespace {

// struct bpf_map_def { type, key_size, value_size, max_entries, map_flags }: the
// fields every legacy definition starts with; loaders added more after them.
constexpr uint64_t kLegacyFieldCount = 5;

bool is_map_symbol(const ElfSymbol& symbol, uint32_t section) {
  return symbol.section == section && symbol.type != kSttSection && !symbol.name.empty() &&
         (symbol.type == kSttObject || symbol.type == kSttNotype);
}

class BtfMapReader {
 public:
  BtfMapReader(const Btf& btf, const std::string& map) : btf_(btf), map_(map) {}

  // __uint(name, value) is declared as `int (*name)[value]`.
  uint32_t uint_member(const BtfMember& member) const {
    auto pointer = btf_.resolve(member.type);
    const BtfType* ptr = pointer ? btf_.type(*pointer) : nullptr;
    if (!ptr || ptr->kind != BtfKind::kPtr) fail(member, "is not __uint()");
    auto array = btf_.resolve(ptr->size_or_type);
    const BtfType* arr = array ? btf_.type(*array) : nullptr;
    if (!arr || arr->kind != BtfKind::kArray) fail(member, "is not __uint()");
    return arr->array_length;
  }

  // __type(name, T) is declared as `T *name`.
  uint32_t type_member_size(const BtfMember& member) const {
    auto pointer = btf_.resolve(member.type);
    const BtfType* ptr = pointer ? btf_.type(*pointer) : nullptr;
    if (!ptr || ptr->kind != BtfKind::kPtr) fail(member, "is not __type()");
    auto size = btf_.size_of(ptr->size_or_type);
    if (!size) fail(member, "has a type without a size");
    return static_cast<uint32_t>(*size);
  }

  [[noreturn]] void fail(const BtfMember& member, const char* problem) const {
    throw_bad_object("map " + map_ + ": BTF member '" + member.name + "' " + problem);
  }

 private:
  const Btf& btf_;
  const std::string& map_;
};

void read_btf_definition(const Btf& btf, const BtfType& definition, MapDefinition& map) {
  BtfMapReader reader(btf, map.name);
  for (const BtfMember& member : definition.members) {
    if (member.name == "type") {
      map.type = reader.uint_member(member);
    } else if (member.name == "max_entries") {
      map.max_entries = reader.uint_member(member);
    } else if (member.name == "map_flags") {
      map.flags = reader.uint_member(member);
    } else if (member.name == "key_size") {
      map.key_size = reader.uint_member(member);
    } else if (member.name == "value_size") {
      map.value_size = reader.uint_member(member);
    } else if (member.name == "key") {
      map.key_size = reader.type_member_size(member);
    } else if (member.name == "value") {
      map.value_size = reader.type_member_size(member);
    } else if (member.name == "values" && map.value_size == 0) {
      // __array(values, ...): inner maps or programs, stored as 4-byte ids.
      map.value_size = 4;
    }
  }
}

// The struct a `.maps` variable is declared with, found by the variable's name.
const BtfType& btf_map_struct(const Btf& btf, const BtfType& datasec, const std::string& name) {
  for (const BtfVarSecinfo& entry : datasec.vars) {
    const BtfType* var = btf.type(entry.type);
    if (!var || var->kind != BtfKind::kVar || var->name != name) continue;
    auto resolved = btf.resolve(var->size_or_type);
    const BtfType* definition = resolved ? btf.type(*resolved) : nullptr;
    if (!definition || definition->kind != BtfKind::kStruct) {
      throw_bad_object("map " + name + ": BTF definition is not a struct");
    }
    return *definition;
  }
  throw_bad_object("map " + name + " has no BTF definition");
}

void add_btf_maps(const ElfFile& elf, const ElfSection& section, std::vector<MapDefinition>& maps) {
  const ElfSection* btf_section = elf.find_section(".BTF");
  if (!btf_section) throw_bad_object("a .maps section needs BTF, and there is no .BTF section");
  Btf btf = Btf::parse(elf.data(*btf_section));
  auto datasec_id = btf.find(BtfKind::kDatasec, kBtfMapsSection);
  if (!datasec_id) throw_bad_object("BTF does not describe the .maps section");
  const BtfType& datasec = *btf.type(*datasec_id);
  uint32_t index = elf.index_of(section);
  for (const ElfSymbol& symbol : elf.symbols()) {
    if (!is_map_symbol(symbol, index)) continue;
    MapDefinition map;
    map.name = symbol.name;
    map.section = index;
    map.offset = symbol.value;
    read_btf_definition(btf, btf_map_struct(btf, datasec, symbol.name), map);
    maps.push_back(std::move(map));
  }
}

void add_legacy_maps(const ElfFile& elf, const ElfSection& section,
                     std::vector<MapDefinition>& maps) {
  uint32_t index = elf.index_of(section);
  std::vector<const ElfSymbol*> symbols;
  for (const ElfSymbol& symbol : elf.symbols()) {
    if (is_map_symbol(symbol, index)) symbols.push_back(&symbol);
  }
  if (symbols.empty()) return;
  // As libbpf did: every definition in the section has the same size.
  Bytes data = elf.data(section);
  if (data.empty() || data.size() % symbols.size() != 0) {
    throw_bad_object("legacy maps section: cannot tell the size of a map definition");
  }
  uint64_t definition_size = data.size() / symbols.size();
  for (const ElfSymbol* symbol : symbols) {
    auto definition = slice(data, symbol->value, definition_size);
    if (!definition) throw_bad_object("legacy map " + symbol->name + " lies outside its section");
    uint32_t fields[kLegacyFieldCount] = {};
    for (uint64_t i = 0; i < kLegacyFieldCount; ++i) {
      fields[i] = load_le<uint32_t>(*definition, 4 * i).value_or(0);
    }
    maps.push_back({{symbol->name, fields[0], fields[1], fields[2], fields[3], fields[4]},
                    index,
                    symbol->value});
  }
}

}  // namespace

std::vector<MapDefinition> read_map_definitions(const ElfFile& elf) {
  std::vector<MapDefinition> maps;
  for (const ElfSection& section : elf.sections()) {
    if (section.name == kBtfMapsSection) add_btf_maps(elf, section, maps);
    if (section.name == kLegacyMapsSection) add_legacy_maps(elf, section, maps);
  }
  return maps;
}

}  // namespace sigtrace::inspect
