// What containerd's API says of its containers that their bundles do not:
// the image each was created from, and its labels (kubelet's among them),
// which only containerd's metadata store holds.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace sigtrace {

struct ContainerdRecord {
  std::string image;
  std::map<std::string, std::string> labels;
};

// By container id.
using ContainerdRecords = std::map<std::string, ContainerdRecord>;

// Containers.List in one containerd namespace; nothing when the socket does
// not answer in time.
std::optional<ContainerdRecords> containerd_containers(const std::string& socket,
                                                       const std::string& ns,
                                                       std::chrono::milliseconds timeout);

// A ListContainersResponse, serialized. Exposed for tests.
ContainerdRecords parse_container_list(std::string_view message);

}  // namespace sigtrace
