#include "inspect/map_type_names.h"

#include <iterator>
#include <string_view>

namespace sigtrace::inspect {
namespace {

// Indexed by enum bpf_map_type.
constexpr std::string_view kNames[] = {
    "unspec",
    "hash",
    "array",
    "prog_array",
    "perf_event_array",
    "percpu_hash",
    "percpu_array",
    "stack_trace",
    "cgroup_array",
    "lru_hash",
    "lru_percpu_hash",
    "lpm_trie",
    "array_of_maps",
    "hash_of_maps",
    "devmap",
    "sockmap",
    "cpumap",
    "xskmap",
    "sockhash",
    "cgroup_storage",
    "reuseport_sockarray",
    "percpu_cgroup_storage",
    "queue",
    "stack",
    "sk_storage",
    "devmap_hash",
    "struct_ops",
    "ringbuf",
    "inode_storage",
    "task_storage",
    "bloom_filter",
    "user_ringbuf",
    "cgrp_storage",
    "arena",
};

}  // namespace

std::string map_type_name(uint32_t type) {
  if (type < std::size(kNames)) return std::string(kNames[type]);
  return "type_" + std::to_string(type);
}

}  // namespace sigtrace::inspect
