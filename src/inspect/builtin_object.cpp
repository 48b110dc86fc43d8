#include "inspect/builtin_object.h"

#include <bpf/libbpf.h>

// The skeleton names the object's global variables by their types.
#include "signal_event.h"
#include "trace_signal.skel.h"

namespace sigtrace::inspect {

std::vector<uint8_t> builtin_object_bytes() {
  size_t size = 0;
  const auto* bytes = static_cast<const uint8_t*>(trace_signal_bpf__elf_bytes(&size));
  return std::vector<uint8_t>(bytes, bytes + size);
}

}  // namespace sigtrace::inspect
