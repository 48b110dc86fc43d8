// Choosing signals by container: -c/--containername and --host on the
// sender, --tcontainername on the target, and --mntns.
//
// The kernel drops what is certainly unwanted: for -c, every namespace
// known to belong elsewhere (the host's, other containers'); for --host,
// the known containers'. A namespace newer than the last scan passes and
// is decided here, once named: no container's first events are lost to a
// filter that has not heard of it yet.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "enrich/containers/registry.h"
#include "model/enriched_event.h"
#include "signal_event.h"

namespace sigtrace {

struct ContainerChoice {
  std::vector<std::string> names;         // -c: senders in these containers
  bool host_only = false;                 // --host: senders outside containers
  std::vector<std::string> target_names;  // --tcontainername: targets in these
  std::vector<uint64_t> mntns_ids;        // --mntns: senders in these mount namespaces
};

class ContainerSelection {
 public:
  explicit ContainerSelection(ContainerChoice choice) : choice_(std::move(choice)) {}

  // Throws UsageError for a container name nobody runs.
  void check_names(const ContainerRegistry& registry) const;
  // How the kernel's mount namespace filter is used, and what it holds.
  sigtrace_mntns_filter kernel_mode() const;
  std::set<uint64_t> kernel_list(const ContainerRegistry& registry) const;

  bool keeps(const EnrichedEvent& event) const;
  // Whether any of it is asked for (so that events carry containers).
  bool chooses_containers() const;

 private:
  bool sender_wanted(const Container* container, uint64_t mntns_id) const;

  ContainerChoice choice_;
};

}  // namespace sigtrace
