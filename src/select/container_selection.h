// Choosing signals by container: -c/--containername, --k8s-namespace,
// --k8s-podname and --host on the sender, their t-prefixed twins on the
// target, and --mntns.
//
// The kernel drops what is certainly unwanted: for -c and the pod filters,
// every namespace known to belong elsewhere (the host's, other
// containers'); for --host, the known containers'. A namespace newer than
// the last scan, or still anonymous for less than a moment (a container
// being created), passes and is decided here, once named: no container's
// first events are lost to a filter that has not heard of it yet, and a
// name asked for before its container exists is followed from the moment
// the container appears.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "enrich/containers/registry.h"
#include "model/enriched_event.h"
#include "signal_event.h"

namespace sigtrace {

// Pods by Kubernetes namespace and pod name; both must match when both are
// given.
struct PodChoice {
  std::vector<std::string> namespaces;
  std::vector<std::string> pods;

  bool empty() const { return namespaces.empty() && pods.empty(); }
  bool matches(const KubernetesNames& k8s) const;
};

struct ContainerChoice {
  std::vector<std::string> names;         // -c: senders in these containers
  bool host_only = false;                 // --host: senders outside containers
  std::vector<std::string> target_names;  // --tcontainername: targets in these
  std::vector<uint64_t> mntns_ids;        // --mntns: senders in these mount namespaces
  PodChoice pods;                         // --k8s-namespace, --k8s-podname
  PodChoice target_pods;                  // --tk8s-namespace, --tk8s-podname
  // --no-containers: no container columns (the filters above still work).
  bool hide_containers = false;
};

class ContainerSelection {
 public:
  explicit ContainerSelection(ContainerChoice choice) : choice_(std::move(choice)) {}

  // How the kernel's mount namespace filter is used, and what it holds.
  sigtrace_mntns_filter kernel_mode() const;
  std::set<uint64_t> kernel_list(const ContainerRegistry& registry) const;
  // Whether that list is made of the registry's containers (-c, --host...),
  // rather than of the namespace ids given on the command line (--mntns).
  bool kernel_list_reads_registry() const;
  std::set<uint64_t> given_mntns_ids() const;

  bool keeps(const EnrichedEvent& event) const;
  // Whether any of it is asked for (so that events carry containers).
  bool chooses_containers() const;
  const ContainerChoice& choice() const { return choice_; }

 private:
  bool chooses_senders_by_container() const;
  bool sender_wanted(ContainerPlace place, uint64_t mntns_id) const;
  bool target_wanted(ContainerPlace place) const;

  ContainerChoice choice_;
};

// The container names -c and --tcontainername ask for that no runtime
// knows yet (neither running nor created nor stopped): sigtrace waits for
// them, and says at the end which never appeared.
class AwaitedNames {
 public:
  explicit AwaitedNames(const ContainerChoice& choice);
  // Forgets the names the registry knows now.
  void update(const ContainerRegistry& registry);
  const std::vector<std::string>& missing() const { return missing_; }

 private:
  std::vector<std::string> missing_;
};

// "known: a, b" or "no containers known here yet", for messages.
std::string describe_known_names(const ContainerRegistry& registry);

}  // namespace sigtrace
