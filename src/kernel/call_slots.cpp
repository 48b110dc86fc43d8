#include "kernel/call_slots.h"

#include <charconv>
#include <string>

#include "common/proc_files.h"

namespace sigtrace {

CallSlotLayout choose_call_slots(CallSlots wanted, uint64_t pid_max) {
  bool fits = pid_max > 0 && pid_max <= kMaxPidMaxForSlotsByTid;
  bool by_tid = wanted == CallSlots::kByTid || (wanted == CallSlots::kAuto && fits);
  if (!by_tid) return {};
  // Forced on a host whose pid_max is beyond the bound: the bound, and the
  // calls of higher tids are counted as lost.
  return {true, static_cast<uint32_t>(fits ? pid_max : kMaxPidMaxForSlotsByTid)};
}

std::optional<uint64_t> host_pid_max() {
  std::string text = read_small_file("/proc/sys/kernel/pid_max");
  uint64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end == text.data()) return std::nullopt;
  return value;
}

void shape_call_slots(bpf_map* map, const CallSlotLayout& layout) {
  if (!layout.by_tid) return;
  bpf_map__set_type(map, BPF_MAP_TYPE_ARRAY);
  bpf_map__set_max_entries(map, layout.entries);
  // As kill_only's outer maps want their inner maps (kill_calls.bpf.h): of
  // any size, or of the default size exactly, whose Lookups are inlined.
  if (!layout.default_size())
    bpf_map__set_map_flags(map, bpf_map__map_flags(map) | BPF_F_INNER_MAP);
}

}  // namespace sigtrace
