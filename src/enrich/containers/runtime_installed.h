// Whether this host has a container runtime at all, running or not: the
// container columns are shown from the start on such a host, before its
// first container runs.
#pragma once

#include <string>
#include <vector>

namespace sigtrace {

// The programs (podman, docker, containerd, CRI-O) and state directories
// whose presence says a runtime is installed.
std::vector<std::string> runtime_markers();

// Whether any of these paths exists.
bool any_path_exists(const std::vector<std::string>& paths);

inline bool container_runtime_installed() {
  return any_path_exists(runtime_markers());
}

}  // namespace sigtrace
