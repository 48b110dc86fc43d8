#include "app/container_tracking.h"

#include <algorithm>

#include "common/error.h"
#include "containers/event_containers.h"

namespace sigtrace {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kScanInterval = std::chrono::seconds(1);
constexpr auto kEagerScanInterval = std::chrono::milliseconds(20);

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

ContainerTracking::ContainerTracking(ContainerSelection selection,
                                     std::vector<uint64_t> fixed_mntns)
    : selection_(std::move(selection)), fixed_mntns_(std::move(fixed_mntns)) {
  registry_.refresh();
  last_scan_ = Clock::now();
  filtered_generation_ = registry_.generation();
}

bool ContainerTracking::sender_wanted(const Container* container, uint64_t mntns_id) const {
  if (selection_.host_only) return !container || container->anonymous();
  if (!selection_.names.empty()) return container && contains(selection_.names, container->name);
  if (fixed_mntns_.empty()) return true;
  // An exiting sender reads mount namespace 0: its pid namespace's
  // container says where it was.
  uint64_t where = mntns_id != 0 ? mntns_id : (container ? container->mntns_id : 0);
  return std::find(fixed_mntns_.begin(), fixed_mntns_.end(), where) != fixed_mntns_.end();
}

// The namespaces the kernel drops: known ones that are not wanted.
std::set<uint64_t> ContainerTracking::filter_list() const {
  if (selection_.names.empty() && !selection_.host_only) {
    return {fixed_mntns_.begin(), fixed_mntns_.end()};
  }
  std::set<uint64_t> dropped;
  if (!selection_.host_only) dropped.insert(registry_.host().mntns_id);
  for (const Container* container : registry_.running()) {
    if (!sender_wanted(container, container->mntns_id)) dropped.insert(container->mntns_id);
  }
  return dropped;
}

void ContainerTracking::configure(KernelFilter& filter) const {
  const auto& known = registry_.known_names();
  for (const auto* names : {&selection_.names, &selection_.target_names}) {
    for (const auto& name : *names) {
      if (!contains(known, name)) {
        throw UsageError("unknown container '" + name + "' (" + known_names(registry_) + ")");
      }
    }
  }
  if (selection_.host_only || !selection_.names.empty()) {
    filter.mntns_mode = SIGTRACE_MNTNS_EXCEPT;
  } else if (!fixed_mntns_.empty()) {
    filter.mntns_mode = SIGTRACE_MNTNS_ONLY;
  }
  auto list = filter_list();
  filter.mntns_ids.assign(list.begin(), list.end());
}

void ContainerTracking::attach(Tracer& tracer) {
  tracer_ = &tracer;
  if (watch_.fd() >= 0) tracer.wake_on(watch_.fd());
}

void ContainerTracking::tick() {
  bool runtime_changed = watch_.changed();
  if (runtime_changed || Clock::now() - last_scan_ >= kScanInterval) {
    watch_.add_new_directories();
    registry_.refresh();
    last_scan_ = Clock::now();
    unresolved_pidns_.clear();
  }
  if (tracer_ && registry_.generation() != filtered_generation_) {
    filtered_generation_ = registry_.generation();
    tracer_->set_mntns_list(filter_list());
  }
}

bool ContainerTracking::unknown(uint64_t mntns_id, uint32_t pidns_id) const {
  if (mntns_id != 0) return mntns_id != registry_.host().mntns_id && !registry_.by_mntns(mntns_id);
  return pidns_id != 0 && pidns_id != registry_.host().pidns_id && !registry_.by_pidns(pidns_id);
}

void ContainerTracking::notice(const sigtrace_event& event) {
  bool sender_unknown = unknown(event.sender.mntns_id, event.sender.pidns_id);
  bool target_unknown = unknown(event.target.mntns_id, 0);
  if (!sender_unknown && !target_unknown) return;
  // A pid namespace that shares the host's mount namespace (unshare -p)
  // stays unknown after any scan: do not rescan for each of its exits.
  bool by_pidns = event.sender.mntns_id == 0;
  if (by_pidns && !target_unknown && unresolved_pidns_.count(event.sender.pidns_id)) return;
  registry_.refresh_unless_newer_than(event.header.timestamp_ns, kEagerScanInterval);
  // Still unknown: gone before any scan saw it, and no runtime's.
  if (!by_pidns && unknown(event.sender.mntns_id, 0)) {
    registry_.add_anonymous(event.sender.mntns_id, event.sender.pidns_id);
  }
  if (by_pidns && unknown(0, event.sender.pidns_id))
    unresolved_pidns_.insert(event.sender.pidns_id);
  if (unknown(event.target.mntns_id, 0)) registry_.add_anonymous(event.target.mntns_id, 0);
}

bool ContainerTracking::selected(const sigtrace_event& event) const {
  if (!sender_wanted(sender_container(registry_, event), event.sender.mntns_id)) return false;
  if (selection_.target_names.empty()) return true;
  const Container* target = target_container(registry_, event);
  return target && contains(selection_.target_names, target->name);
}

bool ContainerTracking::worth_showing() const {
  return !registry_.known_names().empty() || !selection_.names.empty() ||
         !selection_.target_names.empty() || selection_.host_only;
}

}  // namespace sigtrace
