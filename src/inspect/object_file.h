// Reads a BPF object file from disk, refusing what cannot be one: missing
// or unreadable paths, directories, devices, pipes and huge files.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sigtrace::inspect {

// Throws Error(kBadObject) with a one-line reason (without the path).
std::vector<uint8_t> read_object_file(const std::string& path);

}  // namespace sigtrace::inspect
