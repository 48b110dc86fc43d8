#include "enrich/containers/runtime_installed.h"

#include <unistd.h>

namespace sigtrace {

std::vector<std::string> runtime_markers() {
  std::vector<std::string> paths;
  for (const char* dir : {"/usr/bin/", "/usr/sbin/", "/usr/local/bin/"}) {
    for (const char* program : {"podman", "docker", "dockerd", "containerd", "crio"}) {
      paths.push_back(std::string(dir) + program);
    }
  }
  paths.insert(paths.end(), {"/run/containerd", "/run/podman", "/run/crio", "/var/lib/docker",
                             "/var/lib/containers/storage"});
  return paths;
}

bool any_path_exists(const std::vector<std::string>& paths) {
  for (const auto& path : paths) {
    if (::access(path.c_str(), F_OK) == 0) return true;
  }
  return false;
}

}  // namespace sigtrace
