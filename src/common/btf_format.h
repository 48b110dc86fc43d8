// The fixed parts of the BTF format (<linux/btf.h>, an ABI): the magic, the
// type kinds and the data that follows each type's record. Two readers use
// them: `inspect`'s, which parses a BPF object's .BTF section whole, and the
// kernel's BTF walk (kernel/btf_fields.h), which stops at the types it needs.
#pragma once

#include <cstdint>
#include <optional>

namespace sigtrace {

inline constexpr uint16_t kBtfMagic = 0xeB9F;

enum class BtfKind : uint8_t {
  kVoid = 0,
  kInt = 1,
  kPtr = 2,
  kArray = 3,
  kStruct = 4,
  kUnion = 5,
  kEnum = 6,
  kFwd = 7,
  kTypedef = 8,
  kVolatile = 9,
  kConst = 10,
  kRestrict = 11,
  kFunc = 12,
  kFuncProto = 13,
  kVar = 14,
  kDatasec = 15,
  kFloat = 16,
  kDeclTag = 17,
  kTypeTag = 18,
  kEnum64 = 19,
};

// The kind a type record's info word holds; values past kEnum64 are kinds
// this code does not know.
constexpr BtfKind btf_kind_of(uint32_t info) {
  return static_cast<BtfKind>((info >> 24) & 0x1f);
}

// Bytes of kind-specific data after a type's 12-byte record; nothing for a
// kind this code does not know (a reader cannot step over it).
constexpr std::optional<uint64_t> btf_trailing_bytes(BtfKind kind, uint32_t vlen) {
  switch (kind) {
    case BtfKind::kPtr:
    case BtfKind::kFwd:
    case BtfKind::kTypedef:
    case BtfKind::kVolatile:
    case BtfKind::kConst:
    case BtfKind::kRestrict:
    case BtfKind::kFunc:
    case BtfKind::kFloat:
    case BtfKind::kTypeTag: return 0;
    case BtfKind::kInt:
    case BtfKind::kVar:
    case BtfKind::kDeclTag: return 4;
    case BtfKind::kArray: return 12;
    case BtfKind::kEnum:
    case BtfKind::kFuncProto: return 8ull * vlen;
    case BtfKind::kStruct:
    case BtfKind::kUnion:
    case BtfKind::kDatasec:
    case BtfKind::kEnum64: return 12ull * vlen;
    default: return std::nullopt;
  }
}

// Another name or a qualifier (typedef, const, volatile, restrict, a type
// tag) for the type its record refers to.
constexpr bool btf_names_another_type(BtfKind kind) {
  switch (kind) {
    case BtfKind::kTypedef:
    case BtfKind::kVolatile:
    case BtfKind::kConst:
    case BtfKind::kRestrict:
    case BtfKind::kTypeTag: return true;
    default: return false;
  }
}

}  // namespace sigtrace
