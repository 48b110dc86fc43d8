// Facts about the running kernel's types, read from its BTF in user space.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/btf_fields.h"

namespace sigtrace {

// Where a pid namespace's inode number sits in struct pid_namespace
// (ns.inum). Throws Error (kUnsupportedKernel) when the kernel's BTF does
// not say, or says it is no 4-byte number.
uint32_t pid_namespace_inum_offset();

// How a BTF file is read: mapped (kernels from 6.16 map their BTF), or in
// blocks read as the walk gets there (every kernel; a page per read()).
enum class BtfReads { kMapped, kByBlocks };

// find_field() on a BTF file; nothing also when the file cannot be read
// that way.
std::optional<BtfField> find_field_in(const std::string& file, BtfReads how,
                                      std::string_view struct_name,
                                      const std::vector<std::string_view>& path);

}  // namespace sigtrace
