// find_field() on BTF blobs built here, type by type.
#include "kernel/btf_fields.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

namespace sigtrace {
namespace {

constexpr uint32_t kInt = 1, kPtr = 2, kStruct = 4, kUnion = 5, kFwd = 7, kTypedef = 8, kConst = 10;

struct MemberSpec {
  std::string name;
  uint32_t type;
  uint32_t bit_offset;
  uint32_t bit_size = 0;  // a bit field's width (kind_flag structs)
};

// A BTF blob as the kernel lays it out: header, types, strings.
class BtfBuilder {
 public:
  // An unsigned integer of `bytes`, of which `bits` count (fewer: a bit
  // field as BTF without kind_flag describes one).
  uint32_t add_int(const std::string& name, uint32_t bytes = 4, uint32_t bits = 32) {
    return add(name, kInt, 0, bytes, {bits});
  }
  uint32_t add_struct(const std::string& name, const std::vector<MemberSpec>& members,
                      uint32_t kind = kStruct, bool kind_flag = false, uint32_t size = 64) {
    std::vector<uint32_t> words;
    for (const MemberSpec& member : members) {
      words.push_back(string(member.name));
      words.push_back(member.type);
      words.push_back(kind_flag ? member.bit_size << 24 | member.bit_offset : member.bit_offset);
    }
    return add(name, kind, static_cast<uint32_t>(members.size()), size, words, kind_flag);
  }
  uint32_t add_link(const std::string& name, uint32_t kind, uint32_t to) {
    return add(name, kind, 0, to, {});
  }
  // A type of a kind that does not exist (yet).
  uint32_t add_unknown_kind() { return add("", 31, 0, 0, {}); }

  std::vector<std::byte> bytes() const {
    std::vector<uint32_t> header = {
        0x0001eB9F, 24, 0, types_bytes(), types_bytes(), static_cast<uint32_t>(strings_.size())};
    std::vector<std::byte> blob;
    append(blob, header.data(), 24);
    append(blob, types_.data(), types_bytes());
    append(blob, strings_.data(), strings_.size());
    return blob;
  }

 private:
  uint32_t add(const std::string& name, uint32_t kind, uint32_t vlen, uint32_t size_or_type,
               const std::vector<uint32_t>& trailing, bool kind_flag = false) {
    types_.push_back(string(name));
    types_.push_back((kind_flag ? 1u << 31 : 0u) | kind << 24 | vlen);
    types_.push_back(size_or_type);
    types_.insert(types_.end(), trailing.begin(), trailing.end());
    return ++count_;
  }
  uint32_t string(const std::string& text) {
    if (text.empty()) return 0;
    auto at = static_cast<uint32_t>(strings_.size());
    strings_ += text;
    strings_ += '\0';
    return at;
  }
  uint32_t types_bytes() const { return static_cast<uint32_t>(types_.size() * 4); }
  static void append(std::vector<std::byte>& blob, const void* data, size_t size) {
    const auto* bytes = static_cast<const std::byte*>(data);
    blob.insert(blob.end(), bytes, bytes + size);
  }

  std::vector<uint32_t> types_;
  std::string strings_ = std::string(1, '\0');
  uint32_t count_ = 0;
};

std::optional<BtfField> field_in(const std::vector<std::byte>& blob, const std::string& name,
                                 const std::vector<std::string_view>& path) {
  BtfInMemory bytes(blob);
  return find_field(bytes, name, path);
}

std::optional<uint32_t> offset_in(const std::vector<std::byte>& blob, const std::string& name,
                                  const std::vector<std::string_view>& path) {
  auto field = field_in(blob, name, path);
  if (!field) return std::nullopt;
  return field->offset;
}

// struct pid_namespace { int idr; struct ns_common ns; } with ns_common
// described after it, as the kernel's BTF does.
BtfBuilder pid_namespace_like() {
  BtfBuilder btf;
  uint32_t u32 = btf.add_int("unsigned int");
  // ids: 1 int, 2 pid_namespace, 3 ns_common
  btf.add_struct("pid_namespace", {{"idr", u32, 0}, {"ns", 3, 896}});
  btf.add_struct("ns_common", {{"ns_type", u32, 0}, {"inum", u32, 192}});
  return btf;
}

TEST(BtfFields, FindsAFieldOfAFieldDescribedLater) {
  auto blob = pid_namespace_like().bytes();
  EXPECT_EQ(offset_in(blob, "pid_namespace", {"ns", "inum"}), 112u + 24u);
  EXPECT_EQ(offset_in(blob, "pid_namespace", {"ns"}), 112u);
  EXPECT_EQ(offset_in(blob, "ns_common", {"inum"}), 24u);
}

TEST(BtfFields, NamesNothingItCannotFind) {
  auto blob = pid_namespace_like().bytes();
  EXPECT_FALSE(offset_in(blob, "mnt_namespace", {"ns", "inum"}));
  EXPECT_FALSE(offset_in(blob, "pid_namespace", {"ns", "count"}));
  EXPECT_FALSE(offset_in(blob, "pid_namespace", {"idr", "inum"}));  // idr is no struct
  EXPECT_FALSE(offset_in(blob, "pid_namespace", {}));
  EXPECT_FALSE(offset_in(blob, "pid_names", {"ns"}));  // a prefix is not the name
}

TEST(BtfFields, LooksIntoAnonymousMembers) {
  BtfBuilder btf;
  uint32_t u32 = btf.add_int("unsigned int");
  uint32_t inner = btf.add_struct("", {{"pad", u32, 0}, {"inum", u32, 32}});
  uint32_t either = btf.add_struct("", {{"", inner, 0}, {"word", u32, 0}}, kUnion);
  btf.add_struct("ns_common", {{"ops", u32, 0}, {"", either, 128}});
  auto blob = btf.bytes();
  EXPECT_EQ(offset_in(blob, "ns_common", {"inum"}), 16u + 4u);
  EXPECT_EQ(offset_in(blob, "ns_common", {"word"}), 16u);
}

TEST(BtfFields, FollowsTypedefsAndQualifiers) {
  BtfBuilder btf;
  uint32_t u32 = btf.add_int("unsigned int");
  uint32_t common = btf.add_struct("ns_common", {{"inum", u32, 64}});
  uint32_t constant = btf.add_link("", kConst, common);
  uint32_t named = btf.add_link("ns_common_t", kTypedef, constant);
  btf.add_struct("pid_namespace", {{"ns", named, 32}});
  EXPECT_EQ(offset_in(btf.bytes(), "pid_namespace", {"ns", "inum"}), 4u + 8u);
}

TEST(BtfFields, TheStructNotItsForwardDeclarationNorAUnion) {
  BtfBuilder btf;
  uint32_t u32 = btf.add_int("unsigned int");
  btf.add_link("pid_namespace", kFwd, 0);
  btf.add_struct("pid_namespace", {{"level", u32, 0}}, kUnion);
  btf.add_struct("pid_namespace", {{"level", u32, 640}});
  EXPECT_EQ(offset_in(btf.bytes(), "pid_namespace", {"level"}), 80u);
}

TEST(BtfFields, ABitFieldHasNoByteOffset) {
  BtfBuilder btf;
  uint32_t u32 = btf.add_int("unsigned int");
  btf.add_struct("flags", {{"one", u32, 3, 1}, {"whole", u32, 32, 0}}, kStruct, true);
  auto blob = btf.bytes();
  EXPECT_FALSE(offset_in(blob, "flags", {"one"}));
  EXPECT_EQ(offset_in(blob, "flags", {"whole"}), 4u);
}

TEST(BtfFields, ABitFieldWithoutKindFlagHasNoByteOffsetEither) {
  BtfBuilder btf;
  uint32_t three_bits = btf.add_int("unsigned int", 4, 3);
  btf.add_struct("flags", {{"one", three_bits, 0}});
  EXPECT_FALSE(offset_in(btf.bytes(), "flags", {"one"}));
}

TEST(BtfFields, SaysHowManyBytesTheFieldTakes) {
  BtfBuilder btf;
  uint32_t u32 = btf.add_int("unsigned int");
  uint32_t u16 = btf.add_int("unsigned short", 2, 16);
  uint32_t pointer = btf.add_link("", kPtr, u32);
  uint32_t inner = btf.add_struct("inner", {{"a", u32, 0}}, kStruct, false, 24);
  btf.add_struct(
      "outer", {{"word", u32, 0}, {"half", u16, 32}, {"at", pointer, 64}, {"nested", inner, 128}});
  auto blob = btf.bytes();
  EXPECT_EQ(field_in(blob, "outer", {"word"}), (BtfField{0, 4}));
  EXPECT_EQ(field_in(blob, "outer", {"half"}), (BtfField{4, 2}));
  EXPECT_EQ(field_in(blob, "outer", {"at"}), (BtfField{8, 8}));
  EXPECT_EQ(field_in(blob, "outer", {"nested"}), (BtfField{16, 24}));
  EXPECT_EQ(field_in(blob, "outer", {"nested", "a"}), (BtfField{16, 4}));
}

TEST(BtfFields, StopsAtAKindItCannotStepOver) {
  BtfBuilder btf;
  uint32_t u32 = btf.add_int("unsigned int");
  btf.add_unknown_kind();
  btf.add_struct("ns_common", {{"inum", u32, 0}});
  EXPECT_FALSE(offset_in(btf.bytes(), "ns_common", {"inum"}));
}

TEST(BtfFields, NotBtfOrCutShortNamesNothing) {
  auto blob = pid_namespace_like().bytes();
  auto wrong_magic = blob;
  wrong_magic[0] = std::byte{0};
  EXPECT_FALSE(offset_in(wrong_magic, "pid_namespace", {"ns", "inum"}));
  auto other_version = blob;
  other_version[2] = std::byte{2};
  EXPECT_FALSE(offset_in(other_version, "pid_namespace", {"ns", "inum"}));
  // Whatever the cut, no read past the end (ASan watches), and never a wrong
  // answer: nothing, or the right one when the cut spares all the walk reads.
  size_t answered = 0;
  for (size_t length = 0; length < blob.size(); ++length) {
    std::vector<std::byte> cut(blob.begin(), blob.begin() + static_cast<long>(length));
    auto offset = offset_in(cut, "pid_namespace", {"ns", "inum"});
    if (!offset) continue;
    EXPECT_EQ(*offset, 136u) << "cut at " << length;
    ++answered;
  }
  EXPECT_EQ(answered, 10u);  // the cuts into "ns_common\0", a name the walk never reads
}

}  // namespace
}  // namespace sigtrace
