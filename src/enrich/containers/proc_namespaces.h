// The mount namespaces processes live in, read from /proc.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/unique_fd.h"
#include "enrich/containers/cgroup_path.h"

namespace sigtrace {

struct NamespaceGroup {
  uint64_t mntns_id = 0;
  // The pid namespaces its processes are in, the host's left out: several
  // (`unshare --mount --pid --fork` leaves unshare itself in the host's).
  std::vector<uint32_t> pidns_ids;
  std::vector<pid_t> pids;  // every thread group in it
  std::optional<CgroupContainer> container;
  // /proc/PID/cgroup of its first process whose cgroup could be read; empty
  // when none could (they were leaving, or in the middle of an exec).
  std::string first_cgroup;
};

struct HostNamespaces {
  uint64_t mntns_id = 0;
  uint32_t pidns_id = 0;
};

// The host's namespaces: those of the kernel's own threads (kthreadd), else
// of pid 1, else of this process.
HostNamespaces host_namespaces(const std::string& proc_root = "/proc");

// Every mount namespace but the host's that a user process lives in.
std::vector<NamespaceGroup> scan_namespaces(const HostNamespaces& host,
                                            const std::string& proc_root = "/proc");

// One process seen as its namespace's only one: nothing when it is gone,
// in the host's mount namespace, or a kernel thread.
std::optional<NamespaceGroup> group_of_process(pid_t pid, const HostNamespaces& host,
                                               const std::string& proc_root = "/proc");

// An open file of the group's mount namespace, which keeps it alive: while
// it is open, the kernel cannot hand the namespace's id to a new one.
// Invalid when none of its processes is there any more.
UniqueFd hold_namespace(const NamespaceGroup& group, const std::string& proc_root = "/proc");

// One process's namespaces; nothing when it is gone.
std::optional<HostNamespaces> namespaces_of(pid_t pid, const std::string& proc_root = "/proc");

}  // namespace sigtrace
