// Where a field sits in a kernel struct, read from the kernel's BTF (the
// format of /sys/kernel/btf/vmlinux): for the reads the BPF programs make at
// an offset user space hands them instead of by CO-RE (task_reading.bpf.h
// says why). The walk stops at the first struct of the name: the kernel
// lists the types sigtrace asks for among its first two thousand, so a
// lookup reads some 80 KB of types and the pages of their names, not the
// whole file (5 MB).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace sigtrace {

// Random access to the bytes of a BTF blob.
class BtfBytes {
 public:
  virtual ~BtfBytes() = default;
  // False when [offset, offset + out.size()) is not all there.
  virtual bool read(uint64_t offset, std::span<std::byte> out) = 0;
};

// A blob in memory (a mapped file, a test's bytes).
class BtfInMemory final : public BtfBytes {
 public:
  explicit BtfInMemory(std::span<const std::byte> bytes) : bytes_(bytes) {}
  bool read(uint64_t offset, std::span<std::byte> out) override;

 private:
  std::span<const std::byte> bytes_;
};

struct BtfField {
  uint32_t offset;  // bytes from the start of the struct
  uint32_t size;    // bytes; 0 for an array, a function or the like
  bool operator==(const BtfField&) const = default;
};

// struct_name.path[0].path[1]…, each step a member of the struct (or union)
// the previous one names, fields of anonymous members included, as C spells
// them. Nothing when the blob is not BTF, has no such struct or field, or the
// field is a bit field.
std::optional<BtfField> find_field(BtfBytes& btf, std::string_view struct_name,
                                   const std::vector<std::string_view>& path);

}  // namespace sigtrace
