#include "kernel/kernel_btf.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <vector>

#include "common/error.h"
#include "common/unique_fd.h"
#include "kernel/btf_fields.h"

namespace sigtrace {
namespace {

constexpr const char* kVmlinuxBtf = "/sys/kernel/btf/vmlinux";

// Kernels before 6.16 cannot map their BTF, and hand it out a page per
// read(): blocks of it, read when the walk gets there.
class BtfByBlocks final : public BtfBytes {
 public:
  explicit BtfByBlocks(int fd) : fd_(fd) {}

  bool read(uint64_t offset, std::span<std::byte> out) override {
    size_t done = 0;
    while (done < out.size()) {
      uint64_t at = offset + done;
      const std::vector<std::byte>* block = block_of(at / kBlockBytes);
      if (!block) return false;
      size_t in_block = static_cast<size_t>(at % kBlockBytes);
      if (in_block >= block->size()) return false;
      size_t count = std::min(out.size() - done, block->size() - in_block);
      std::memcpy(out.data() + done, block->data() + in_block, count);
      done += count;
    }
    return true;
  }

 private:
  static constexpr size_t kBlockBytes = 64 * 1024;

  const std::vector<std::byte>* block_of(uint64_t number) {
    auto found = blocks_.find(number);
    if (found != blocks_.end()) return &found->second;
    std::vector<std::byte> block(kBlockBytes);
    size_t filled = 0;
    while (filled < block.size()) {
      ssize_t got = ::pread(fd_, block.data() + filled, block.size() - filled,
                            static_cast<off_t>(number * kBlockBytes + filled));
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) return nullptr;
      if (got == 0) break;
      filled += static_cast<size_t>(got);
    }
    block.resize(filled);
    return &blocks_.emplace(number, std::move(block)).first->second;
  }

  int fd_;
  std::map<uint64_t, std::vector<std::byte>> blocks_;
};

class Mapping {
 public:
  Mapping(int fd, size_t size) : size_(size) {
    void* at = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (at != MAP_FAILED) data_ = at;
  }
  Mapping(const Mapping&) = delete;
  Mapping& operator=(const Mapping&) = delete;
  ~Mapping() {
    if (data_) ::munmap(data_, size_);
  }
  std::span<const std::byte> bytes() const {
    return {static_cast<const std::byte*>(data_), data_ ? size_ : 0};
  }

 private:
  void* data_ = nullptr;
  size_t size_;
};

}  // namespace

std::optional<BtfField> find_field_in(const std::string& file, BtfReads how,
                                      std::string_view struct_name,
                                      const std::vector<std::string_view>& path) {
  UniqueFd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
  struct stat info {};
  if (!fd.valid() || ::fstat(fd.get(), &info) != 0) return std::nullopt;
  if (how == BtfReads::kByBlocks) {
    BtfByBlocks blocks(fd.get());
    return find_field(blocks, struct_name, path);
  }
  Mapping mapping(fd.get(), static_cast<size_t>(info.st_size));
  if (mapping.bytes().empty()) return std::nullopt;
  BtfInMemory mapped(mapping.bytes());
  return find_field(mapped, struct_name, path);
}

uint32_t pid_namespace_inum_offset() {
  static const std::optional<BtfField> inum = [] {
    const std::vector<std::string_view> path = {"ns", "inum"};
    auto mapped = find_field_in(kVmlinuxBtf, BtfReads::kMapped, "pid_namespace", path);
    if (mapped) return mapped;
    return find_field_in(kVmlinuxBtf, BtfReads::kByBlocks, "pid_namespace", path);
  }();
  // The programs read four bytes there.
  if (!inum || inum->size != sizeof(uint32_t)) {
    throw Error(ExitStatus::kUnsupportedKernel,
                std::string("this kernel's BTF (") + kVmlinuxBtf +
                    ") has no 4-byte pid_namespace.ns.inum, where sigtrace reads a pid "
                    "namespace's id");
  }
  return inum->offset;
}

}  // namespace sigtrace
