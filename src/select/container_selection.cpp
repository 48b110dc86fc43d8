#include "select/container_selection.h"

#include <algorithm>

#include "common/error.h"

namespace sigtrace {
namespace {

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::string known_names(const ContainerRegistry& registry) {
  std::set<std::string> names(registry.known_names().begin(), registry.known_names().end());
  std::string list;
  for (const auto& name : names) {
    if (!list.empty()) list += ", ";
    list += name;
  }
  return list.empty() ? "no containers here" : "known: " + list;
}

}  // namespace

void ContainerSelection::check_names(const ContainerRegistry& registry) const {
  const auto& known = registry.known_names();
  for (const auto* names : {&choice_.names, &choice_.target_names}) {
    for (const auto& name : *names) {
      if (!contains(known, name)) {
        throw UsageError("unknown container '" + name + "' (" + known_names(registry) + ")");
      }
    }
  }
}

sigtrace_mntns_filter ContainerSelection::kernel_mode() const {
  if (choice_.host_only || !choice_.names.empty()) return SIGTRACE_MNTNS_EXCEPT;
  if (!choice_.mntns_ids.empty()) return SIGTRACE_MNTNS_ONLY;
  return SIGTRACE_MNTNS_ALL;
}

bool ContainerSelection::sender_wanted(const Container* container, uint64_t mntns_id) const {
  if (choice_.host_only) return !container || container->anonymous();
  if (!choice_.names.empty()) return container && contains(choice_.names, container->name);
  if (choice_.mntns_ids.empty()) return true;
  // An exiting sender reads mount namespace 0: its pid namespace's
  // container says where it was.
  uint64_t where = mntns_id != 0 ? mntns_id : (container ? container->mntns_id : 0);
  return std::find(choice_.mntns_ids.begin(), choice_.mntns_ids.end(), where) !=
         choice_.mntns_ids.end();
}

// The namespaces the kernel drops (or, for --mntns, keeps).
std::set<uint64_t> ContainerSelection::kernel_list(const ContainerRegistry& registry) const {
  if (choice_.names.empty() && !choice_.host_only) {
    return {choice_.mntns_ids.begin(), choice_.mntns_ids.end()};
  }
  std::set<uint64_t> dropped;
  if (!choice_.host_only) dropped.insert(registry.host().mntns_id);
  for (const Container* container : registry.running()) {
    if (!sender_wanted(container, container->mntns_id)) dropped.insert(container->mntns_id);
  }
  return dropped;
}

bool ContainerSelection::keeps(const EnrichedEvent& event) const {
  if (!sender_wanted(event.sender_container, event.record->sender.mntns_id)) return false;
  if (choice_.target_names.empty()) return true;
  return event.target_container && contains(choice_.target_names, event.target_container->name);
}

bool ContainerSelection::chooses_containers() const {
  return !choice_.names.empty() || choice_.host_only || !choice_.target_names.empty() ||
         !choice_.mntns_ids.empty();
}

}  // namespace sigtrace
