// How `values` holds the calls in flight in kill-only mode (kill_calls.bpf.h):
// the seed's hash by caller tid, or, where the host's tids are few enough,
// an array indexed by tid, whose entries cost a copy where the hash's cost
// a bucket lock. Both take the seed's verbs; the choice is made before load.
#pragma once

#include <bpf/libbpf.h>

#include <cstdint>
#include <optional>

#include "signal_event.h"

namespace sigtrace {

enum class CallSlots {
  kAuto,    // by tid when the host's pid_max allows, else hashed
  kByTid,   // an array of pid_max slots
  kHashed,  // the seed's hash map
};

struct CallSlotLayout {
  bool by_tid = false;
  uint32_t entries = 0;  // by tid: one slot per possible tid
  // The kernel's default pid_max: kill_only's outer map of that size.
  bool default_size() const { return by_tid && entries == SIGTRACE_DEFAULT_TID_SLOTS; }
};

// Above this pid_max an array of slots would take more than 11 MiB of kernel
// memory (88 bytes a slot); systemd raises pid_max to 4194304 on many hosts.
inline constexpr uint64_t kMaxPidMaxForSlotsByTid = 131072;

// What `wanted` gives on a host with this pid_max (kernel.pid_max).
CallSlotLayout choose_call_slots(CallSlots wanted, uint64_t pid_max);

// /proc/sys/kernel/pid_max; nullopt when it cannot be read.
std::optional<uint64_t> host_pid_max();

// Shapes a map declared as kill_calls_map (kill_calls.bpf.h) before load.
void shape_call_slots(bpf_map* map, const CallSlotLayout& layout);

}  // namespace sigtrace
