#include "select/container_selection.h"

#include <algorithm>

namespace sigtrace {
namespace {

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

bool any_or_contains(const std::vector<std::string>& names, const std::string& name) {
  return names.empty() || contains(names, name);
}

}  // namespace

bool PodChoice::matches(const KubernetesNames& k8s) const {
  return any_or_contains(namespaces, k8s.pod_namespace) && any_or_contains(pods, k8s.pod);
}

bool ContainerSelection::chooses_senders_by_container() const {
  return !choice_.names.empty() || !choice_.pods.empty();
}

sigtrace_mntns_filter ContainerSelection::kernel_mode() const {
  if (choice_.host_only || chooses_senders_by_container()) return SIGTRACE_MNTNS_EXCEPT;
  if (!choice_.mntns_ids.empty()) return SIGTRACE_MNTNS_ONLY;
  return SIGTRACE_MNTNS_ALL;
}

// A sender nobody could place is kept by no container filter: it is not
// known to be where the filter wants it.
bool ContainerSelection::sender_wanted(ContainerPlace place, uint64_t mntns_id) const {
  const Container* container = place.container;
  if (choice_.host_only) return place.known && (!container || container->anonymous());
  if (!choice_.names.empty() && !(container && contains(choice_.names, container->name))) {
    return false;
  }
  if (!choice_.pods.empty() && !(container && choice_.pods.matches(container->k8s))) return false;
  if (choice_.mntns_ids.empty()) return true;
  // An exiting sender reads mount namespace 0: its pid namespace's
  // container says where it was.
  uint64_t where = mntns_id != 0 ? mntns_id : (container ? container->mntns_id : 0);
  return std::find(choice_.mntns_ids.begin(), choice_.mntns_ids.end(), where) !=
         choice_.mntns_ids.end();
}

bool ContainerSelection::target_wanted(ContainerPlace place) const {
  const Container* container = place.container;
  if (!choice_.target_names.empty() &&
      !(container && contains(choice_.target_names, container->name))) {
    return false;
  }
  return choice_.target_pods.empty() || (container && choice_.target_pods.matches(container->k8s));
}

// The namespaces the kernel drops (or, for --mntns, keeps).
std::set<uint64_t> ContainerSelection::kernel_list(const ContainerRegistry& registry) const {
  if (!kernel_list_reads_registry()) return given_mntns_ids();
  std::set<uint64_t> dropped;
  if (!choice_.host_only) dropped.insert(registry.host().mntns_id);
  // A namespace still anonymous may be a container in its first moments:
  // left to user space until it is settled.
  for (const Container* container : registry.settled()) {
    if (!sender_wanted(ContainerPlace::of(container), container->mntns_id)) {
      dropped.insert(container->mntns_id);
    }
  }
  return dropped;
}

bool ContainerSelection::keeps(const EnrichedEvent& event) const {
  return sender_wanted(event.sender_place, event.record->sender.mntns_id) &&
         target_wanted(event.target_place);
}

bool ContainerSelection::kernel_list_reads_registry() const {
  return chooses_senders_by_container() || choice_.host_only;
}

std::set<uint64_t> ContainerSelection::given_mntns_ids() const {
  return {choice_.mntns_ids.begin(), choice_.mntns_ids.end()};
}

bool ContainerSelection::chooses_containers() const {
  return chooses_senders_by_container() || choice_.host_only || !choice_.target_names.empty() ||
         !choice_.target_pods.empty() || !choice_.mntns_ids.empty();
}

AwaitedNames::AwaitedNames(const ContainerChoice& choice) {
  for (const auto* names : {&choice.names, &choice.target_names}) {
    for (const auto& name : *names) {
      if (!contains(missing_, name)) missing_.push_back(name);
    }
  }
}

void AwaitedNames::update(const ContainerRegistry& registry) {
  std::erase_if(missing_,
                [&](const std::string& name) { return contains(registry.known_names(), name); });
}

std::string describe_known_names(const ContainerRegistry& registry) {
  std::set<std::string> names(registry.known_names().begin(), registry.known_names().end());
  std::string list;
  for (const auto& name : names) {
    if (!list.empty()) list += ", ";
    list += name;
  }
  return list.empty() ? "no containers known here yet" : "known: " + list;
}

}  // namespace sigtrace
