// A container, or an anonymous mount namespace, as sigtrace names it.
#pragma once

#include <cstdint>
#include <string>

namespace sigtrace {

struct Container {
  std::string id;       // full id; empty for an anonymous namespace
  std::string name;     // "web"; "mntns:4026532249" for an anonymous namespace
  std::string image;    // "docker.io/library/nginx:latest"; empty when unknown
  std::string runtime;  // "podman", "docker", "containerd", "cri-o"; empty when anonymous
  uint64_t mntns_id = 0;

  bool anonymous() const { return runtime.empty(); }
};

}  // namespace sigtrace
