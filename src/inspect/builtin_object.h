// The trace_signal object sigtrace carries inside itself, as it loads it.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace sigtrace::inspect {

inline constexpr std::string_view kBuiltinObjectName = "trace_signal.bpf.o";

std::vector<uint8_t> builtin_object_bytes();

}  // namespace sigtrace::inspect
