#include "kernel/btf_fields.h"

#include <cstring>
#include <string>

#include "common/btf_format.h"

namespace sigtrace {
namespace {

// The layout of <linux/btf.h>, an ABI (its constants: common/btf_format.h).
struct Header {
  uint16_t magic;
  uint8_t version;
  uint8_t flags;
  uint32_t hdr_len;
  uint32_t type_off;
  uint32_t type_len;
  uint32_t str_off;
  uint32_t str_len;
};

struct TypeRecord {
  uint32_t name_off;
  uint32_t info;  // vlen in bits 0-15, kind in bits 24-28, kind_flag in bit 31
  uint32_t size_or_type;
};

struct MemberRecord {
  uint32_t name_off;
  uint32_t type;
  uint32_t offset;  // in bits; with kind_flag, bit field size << 24 | offset
};

struct Type {
  TypeRecord record;
  uint64_t members_at;  // where its trailing data starts in the blob

  BtfKind kind() const { return btf_kind_of(record.info); }
  uint32_t vlen() const { return record.info & 0xffff; }
  bool kind_flag() const { return (record.info >> 31) != 0; }
  bool is_aggregate() const { return kind() == BtfKind::kStruct || kind() == BtfKind::kUnion; }
};

struct Field {
  uint64_t bit_offset;
  uint32_t type;
};

// Anonymous structs inside anonymous unions inside…: the kernel nests a few.
constexpr int kMaxAnonymousDepth = 8;
// typedef of a const of a volatile…
constexpr int kMaxTypeHops = 8;
// x86-64's.
constexpr uint32_t kPointerBytes = 8;

class TypeWalker {
 public:
  explicit TypeWalker(BtfBytes& btf) : btf_(btf) {}

  bool open() {
    if (!read_at(0, header_) || header_.magic != kBtfMagic || header_.version != 1 ||
        header_.hdr_len < sizeof(Header))
      return false;
    next_at_ = types_start();
    return true;
  }

  // The first struct of that name, reading on as far as it takes.
  std::optional<uint32_t> find_struct(std::string_view name) {
    for (uint32_t id = 1;; ++id) {
      const Type* type = at(id);
      if (!type) return std::nullopt;
      if (type->kind() == BtfKind::kStruct && name_is(type->record.name_off, name)) return id;
    }
  }

  std::optional<Field> find_member(uint32_t id, std::string_view name, int depth = 0) {
    const Type* type = at(id);
    if (!type || !type->is_aggregate() || depth > kMaxAnonymousDepth) return std::nullopt;
    // Copied: reading on for a nested type may grow types_.
    Type aggregate = *type;
    for (uint32_t i = 0; i < aggregate.vlen(); ++i) {
      MemberRecord member{};
      if (!read_at(aggregate.members_at + i * sizeof(MemberRecord), member)) return std::nullopt;
      auto field = field_of(aggregate, member);
      if (!field) continue;
      if (name_is(member.name_off, name)) return field;
      if (!name_is(member.name_off, "")) continue;
      auto inner = find_member(resolved(member.type), name, depth + 1);
      if (inner) return Field{field->bit_offset + inner->bit_offset, inner->type};
    }
    return std::nullopt;
  }

  // The type behind typedefs and qualifiers.
  uint32_t resolved(uint32_t id) {
    for (int hops = 0; hops < kMaxTypeHops; ++hops) {
      const Type* type = at(id);
      if (!type) return 0;
      if (!btf_names_another_type(type->kind())) return id;
      id = type->record.size_or_type;
    }
    return 0;
  }

  // The bytes a value of the type takes; nothing for a bit field (an
  // integer narrower than its bytes, as BTF without kind_flag tells one)
  // and 0 for kinds a read at an offset has no use for.
  std::optional<uint32_t> size_of(uint32_t id) {
    const Type* type = at(id);
    if (!type) return std::nullopt;
    switch (type->kind()) {
      case BtfKind::kInt: {
        uint32_t encoding = 0;
        if (!read_at(type->members_at, encoding)) return std::nullopt;
        uint32_t bits = encoding & 0xff, bit_offset = (encoding >> 16) & 0xff;
        if (bit_offset != 0 || bits != type->record.size_or_type * 8) return std::nullopt;
        return type->record.size_or_type;
      }
      case BtfKind::kEnum:
      case BtfKind::kEnum64:
      case BtfKind::kStruct:
      case BtfKind::kUnion: return type->record.size_or_type;
      case BtfKind::kPtr: return kPointerBytes;
      default: return 0;
    }
  }

 private:
  // A bit field has no byte offset to hand out.
  static std::optional<Field> field_of(const Type& aggregate, const MemberRecord& member) {
    uint32_t bits = member.offset;
    if (aggregate.kind_flag()) {
      if ((member.offset >> 24) != 0) return std::nullopt;
      bits &= 0xffffff;
    }
    return Field{bits, member.type};
  }

  uint64_t types_start() const { return uint64_t{header_.hdr_len} + header_.type_off; }
  uint64_t types_end() const { return types_start() + header_.type_len; }
  uint64_t strings_start() const { return uint64_t{header_.hdr_len} + header_.str_off; }

  const Type* at(uint32_t id) {
    if (id == 0) return nullptr;  // void
    while (types_.size() < id) {
      if (!index_next()) return nullptr;
    }
    return &types_[id - 1];
  }

  bool index_next() {
    TypeRecord record{};
    if (next_at_ + sizeof(record) > types_end() || !read_at(next_at_, record)) return false;
    Type type{record, next_at_ + sizeof(record)};
    auto trailing = btf_trailing_bytes(type.kind(), type.vlen());
    if (!trailing || type.members_at + *trailing > types_end()) return false;
    next_at_ = type.members_at + *trailing;
    types_.push_back(type);
    return true;
  }

  // Whether the string at name_off is exactly `name`.
  bool name_is(uint32_t name_off, std::string_view name) {
    if (name_off >= header_.str_len) return false;
    uint64_t room = header_.str_len - name_off;
    if (room < name.size() + 1) return false;
    std::string text(name.size() + 1, '\0');
    if (!btf_.read(strings_start() + name_off, std::as_writable_bytes(std::span(text))))
      return false;
    return text.back() == '\0' && std::string_view(text.data(), name.size()) == name;
  }

  template <typename Record>
  bool read_at(uint64_t offset, Record& record) {
    return btf_.read(offset, std::as_writable_bytes(std::span(&record, 1)));
  }

  BtfBytes& btf_;
  Header header_{};
  uint64_t next_at_ = 0;
  std::vector<Type> types_;
};

}  // namespace

bool BtfInMemory::read(uint64_t offset, std::span<std::byte> out) {
  if (offset > bytes_.size() || bytes_.size() - offset < out.size()) return false;
  std::memcpy(out.data(), bytes_.data() + offset, out.size());
  return true;
}

std::optional<BtfField> find_field(BtfBytes& btf, std::string_view struct_name,
                                   const std::vector<std::string_view>& path) {
  TypeWalker walker(btf);
  if (!walker.open() || path.empty()) return std::nullopt;
  auto id = walker.find_struct(struct_name);
  if (!id) return std::nullopt;
  uint64_t bits = 0;
  uint32_t current = *id;
  for (std::string_view name : path) {
    auto field = walker.find_member(current, name);
    if (!field) return std::nullopt;
    bits += field->bit_offset;
    current = walker.resolved(field->type);
  }
  auto size = walker.size_of(current);
  if (!size || bits % 8 != 0 || bits / 8 > UINT32_MAX) return std::nullopt;
  return BtfField{static_cast<uint32_t>(bits / 8), *size};
}

}  // namespace sigtrace
