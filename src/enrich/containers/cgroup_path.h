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

// Whether a line of the /proc/PID/cgroup text is in exactly this cgroup
// ("4:memory:/k8s.io/web" and "0::/k8s.io/web" are in "/k8s.io/web"):
// how a task that ctr started is found, its cgroup being named by its
// containerd namespace and id rather than by a runtime's pattern.
bool cgroup_file_lists(std::string_view cgroup_file, std::string_view path);

}  // namespace sigtrace
