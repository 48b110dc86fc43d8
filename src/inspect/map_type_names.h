// libbpf's names for map types ("hash", "ringbuf", ...).
#pragma once

#include <cstdint>
#include <string>

namespace sigtrace::inspect {

// The name, or "type_<n>" for a type this build does not know.
std::string map_type_name(uint32_t type);

}  // namespace sigtrace::inspect
