// Just enough of BTF (the .BTF section) to read libbpf-style map
// definitions: the type table, names, struct members, arrays and sizes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/btf_format.h"
#include "inspect/byte_reader.h"

namespace sigtrace::inspect {

using ::sigtrace::BtfKind;

struct BtfMember {
  std::string name;
  uint32_t type = 0;
};

struct BtfVarSecinfo {
  uint32_t type = 0;
  uint32_t offset = 0;
  uint32_t size = 0;
};

struct BtfType {
  BtfKind kind = BtfKind::kVoid;
  std::string name;
  uint32_t size_or_type = 0;        // size for sized kinds, referenced type otherwise
  uint32_t array_element = 0;       // kArray
  uint32_t array_length = 0;        // kArray
  std::vector<BtfMember> members;   // kStruct, kUnion
  std::vector<BtfVarSecinfo> vars;  // kDatasec
};

class Btf {
 public:
  // Throws Error(kBadObject) when the section is not well-formed BTF.
  static Btf parse(Bytes section);

  // Type `id`, or nullptr for void (0) and ids past the table.
  const BtfType* type(uint32_t id) const;
  // The first type of this kind and name.
  std::optional<uint32_t> find(BtfKind kind, std::string_view name) const;
  // Follows typedef, const, volatile, restrict and type tags to the type they qualify.
  std::optional<uint32_t> resolve(uint32_t id) const;
  // sizeof the type, or nothing when it has no size (void, functions, loops).
  std::optional<uint64_t> size_of(uint32_t id) const;

 private:
  std::optional<uint64_t> size_of(uint32_t id, int depth) const;

  std::vector<BtfType> types_;  // types_[0] is void
};

}  // namespace sigtrace::inspect
