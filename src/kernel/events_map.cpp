#include "kernel/events_map.h"

#include <unistd.h>

#include <algorithm>
#include <bit>

namespace sigtrace {

size_t ring_buffer_size(size_t bytes) {
  size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  return std::bit_ceil(std::max(bytes, page));
}

void configure_events_map(bpf_map* events, bool ring_buffer, size_t bytes) {
  if (ring_buffer) {
    bpf_map__set_max_entries(events, static_cast<__u32>(ring_buffer_size(bytes)));
    return;
  }
  bpf_map__set_type(events, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
  bpf_map__set_key_size(events, sizeof(__u32));
  bpf_map__set_value_size(events, sizeof(__u32));
  bpf_map__set_max_entries(events, 0);  // libbpf: one slot per possible CPU
}

void configure_companion_events(bpf_map* events, bool ring_buffer, size_t perf_bytes) {
  configure_events_map(events, ring_buffer, ring_buffer ? 0 : perf_bytes);
}

}  // namespace sigtrace
