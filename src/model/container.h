// A container, or an anonymous mount namespace, as sigtrace names it.
#pragma once

#include <cstdint>
#include <string>

namespace sigtrace {

// What Kubernetes says of a container: from the CRI's annotations on its
// OCI bundle, or the labels kubelet sets. Empty strings when not a pod's.
struct KubernetesNames {
  std::string pod_namespace;  // "shop"
  std::string pod;            // "web-0"
  std::string container;      // "app": the name in the pod's spec

  bool empty() const { return pod_namespace.empty() && pod.empty() && container.empty(); }
};

struct Container {
  std::string id;       // full id; empty for an anonymous namespace
  std::string name;     // "web"; "mntns:4026532249" for an anonymous namespace
  std::string image;    // "docker.io/library/nginx:latest"; empty when unknown
  std::string runtime;  // "podman", "docker", "containerd", "cri-o"; empty when anonymous
  KubernetesNames k8s;
  uint64_t mntns_id = 0;

  bool anonymous() const { return runtime.empty(); }
};

// Where one end of a signal runs: in a container (or an anonymous
// namespace), on the host, or nobody can tell any more (the task was gone
// before anything saw where it lived). Unknown is never shown as the host.
struct ContainerPlace {
  const Container* container = nullptr;  // nullptr: the host, when known
  bool known = true;

  static ContainerPlace unknown() { return {nullptr, false}; }
  // nullptr stands for the host.
  static ContainerPlace of(const Container* container) { return {container, true}; }
  bool host() const { return known && !container; }
};

}  // namespace sigtrace
