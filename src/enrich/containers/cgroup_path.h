// Recognizing a container runtime's cgroup in /proc/PID/cgroup.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sigtrace {

struct CgroupContainer {
  std::string id;       // 64 hex digits
  std::string runtime;  // "podman", "docker", "containerd", "cri-o"
  // Found in a user's own cgroup subtree (user@UID.service), where that user
  // may create any name: worth nothing until a runtime vouches for the id.
  bool user_delegated = false;
};

// Finds the container of a process from its /proc/PID/cgroup text:
// libpod-<id>, docker-<id> or /docker/<id>, cri-containerd-<id>,
// crio-<id>, in systemd (.scope) or cgroupfs layouts, v1 or v2.
std::optional<CgroupContainer> container_from_cgroup(std::string_view cgroup_file);

}  // namespace sigtrace
