#include "inspect/btf.h"

#include <string>

#include "inspect/object_error.h"

namespace sigtrace::inspect {
namespace {

constexpr uint64_t kMinHeaderSize = 24;
constexpr uint64_t kTypeHeaderSize = 12;
// Qualifier chains and nested arrays in real programs are a handful deep;
// anything deeper is a loop in a corrupt file.
constexpr int kMaxTypeDepth = 32;

[[noreturn]] void corrupt(const std::string& what) {
  throw_bad_object("corrupt BTF: " + what);
}

uint32_t u32_at(Bytes bytes, uint64_t offset) {
  auto value = load_le<uint32_t>(bytes, offset);
  if (!value) corrupt("truncated type data");
  return *value;
}

class StringTable {
 public:
  explicit StringTable(Bytes bytes) : bytes_(bytes) {}
  std::string at(uint32_t offset) const {
    auto text = c_string_at(bytes_, offset);
    if (!text) corrupt("bad name offset " + std::to_string(offset));
    return std::string(*text);
  }

 private:
  Bytes bytes_;
};

}  // namespace

Btf Btf::parse(Bytes section) {
  auto magic = load_le<uint16_t>(section, 0);
  if (!magic || *magic != kBtfMagic) corrupt("bad magic");
  auto header_size = load_le<uint32_t>(section, 4);
  if (!header_size || *header_size < kMinHeaderSize) corrupt("truncated header");
  uint32_t type_offset = u32_at(section, 8);
  uint32_t type_length = u32_at(section, 12);
  uint32_t string_offset = u32_at(section, 16);
  uint32_t string_length = u32_at(section, 20);
  if (*header_size > section.size()) corrupt("truncated header");
  Bytes body = section.subspan(*header_size);
  auto types = slice(body, type_offset, type_length);
  auto strings_bytes = slice(body, string_offset, string_length);
  if (!types || !strings_bytes) corrupt("type or string section out of range");
  StringTable strings(*strings_bytes);

  Btf btf;
  btf.types_.emplace_back();  // void
  uint64_t at = 0;
  while (at < types->size()) {
    uint32_t name_offset = u32_at(*types, at);
    uint32_t info = u32_at(*types, at + 4);
    uint32_t size_or_type = u32_at(*types, at + 8);
    BtfKind kind = btf_kind_of(info);
    uint32_t vlen = info & 0xffff;
    std::optional<uint64_t> trailing = btf_trailing_bytes(kind, vlen);
    if (kind == BtfKind::kVoid || !trailing) {
      corrupt("unknown type kind " + std::to_string(static_cast<unsigned>(kind)));
    }
    BtfType type;
    type.kind = kind;
    type.name = strings.at(name_offset);
    type.size_or_type = size_or_type;
    uint64_t data = at + kTypeHeaderSize;
    uint64_t data_size = *trailing;
    if (!checked_end(data, data_size, types->size())) corrupt("truncated type data");
    if (type.kind == BtfKind::kArray) {
      type.array_element = u32_at(*types, data);
      type.array_length = u32_at(*types, data + 8);
    } else if (type.kind == BtfKind::kStruct || type.kind == BtfKind::kUnion) {
      for (uint32_t i = 0; i < vlen; ++i) {
        uint64_t member = data + 12ull * i;
        type.members.push_back({strings.at(u32_at(*types, member)), u32_at(*types, member + 4)});
      }
    } else if (type.kind == BtfKind::kDatasec) {
      for (uint32_t i = 0; i < vlen; ++i) {
        uint64_t var = data + 12ull * i;
        type.vars.push_back(
            {u32_at(*types, var), u32_at(*types, var + 4), u32_at(*types, var + 8)});
      }
    }
    btf.types_.push_back(std::move(type));
    at = data + data_size;
  }
  return btf;
}

const BtfType* Btf::type(uint32_t id) const {
  if (id == 0 || id >= types_.size()) return nullptr;
  return &types_[id];
}

std::optional<uint32_t> Btf::find(BtfKind kind, std::string_view name) const {
  for (uint32_t id = 1; id < types_.size(); ++id) {
    if (types_[id].kind == kind && types_[id].name == name) return id;
  }
  return std::nullopt;
}

std::optional<uint32_t> Btf::resolve(uint32_t id) const {
  for (int depth = 0; depth < kMaxTypeDepth; ++depth) {
    const BtfType* t = type(id);
    if (!t) return std::nullopt;
    if (!btf_names_another_type(t->kind)) return id;
    id = t->size_or_type;
  }
  return std::nullopt;
}

std::optional<uint64_t> Btf::size_of(uint32_t id) const {
  return size_of(id, 0);
}

std::optional<uint64_t> Btf::size_of(uint32_t id, int depth) const {
  if (depth > kMaxTypeDepth) return std::nullopt;
  auto resolved = resolve(id);
  if (!resolved) return std::nullopt;
  const BtfType& t = *type(*resolved);
  switch (t.kind) {
    case BtfKind::kInt:
    case BtfKind::kEnum:
    case BtfKind::kEnum64:
    case BtfKind::kStruct:
    case BtfKind::kUnion:
    case BtfKind::kFloat:
    case BtfKind::kDatasec: return t.size_or_type;
    case BtfKind::kPtr: return 8;
    case BtfKind::kVar: return size_of(t.size_or_type, depth + 1);
    case BtfKind::kArray: {
      auto element = size_of(t.array_element, depth + 1);
      if (!element || *element > UINT32_MAX) return std::nullopt;
      // Both factors fit in 32 bits, so the product cannot overflow 64.
      uint64_t total = *element * t.array_length;
      if (total > UINT32_MAX) return std::nullopt;
      return total;
    }
    default: return std::nullopt;
  }
}

}  // namespace sigtrace::inspect
