#include "enrich/containers/attribution.h"

#include <cerrno>

namespace sigtrace {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kScanInterval = std::chrono::seconds(1);
constexpr auto kEagerScanInterval = std::chrono::milliseconds(20);

}  // namespace

ContainerAttribution::ContainerAttribution() {
  registry_.refresh();
  last_scan_ = Clock::now();
}

void ContainerAttribution::rescan(bool ask_apis) {
  watch_.add_new_directories();
  registry_.refresh(ask_apis);
  last_scan_ = Clock::now();
  unresolved_pidns_.clear();
}

void ContainerAttribution::tick() {
  bool runtime_changed = watch_.changed();
  if (runtime_changed || Clock::now() - last_scan_ >= kScanInterval) rescan(/*ask_apis=*/true);
}

bool ContainerAttribution::anonymous(uint64_t mntns_id, uint32_t pidns_id) const {
  const Container* container = registry_.find(mntns_id, pidns_id);
  return container && container->anonymous();
}

bool ContainerAttribution::unknown(uint64_t mntns_id, uint32_t pidns_id) const {
  if (mntns_id != 0) return mntns_id != registry_.host().mntns_id && !registry_.by_mntns(mntns_id);
  return pidns_id != 0 && pidns_id != registry_.host().pidns_id && !registry_.by_pidns(pidns_id);
}

void ContainerAttribution::notice(const sigtrace_event& record, const KnownTarget& target) {
  const sigtrace_task& sender = record.sender;
  bool sender_unknown = unknown(sender.mntns_id, sender.pidns_id);
  bool target_unknown = unknown(target.mntns_id, 0);
  if (!sender_unknown && !target_unknown) {
    // Its Engine API is not asked: a slow socket must not stall events.
    bool maybe_new = anonymous(sender.mntns_id, sender.pidns_id) || anonymous(target.mntns_id, 0);
    if (maybe_new && watch_.changed()) rescan(/*ask_apis=*/false);
    return;
  }
  // A pid namespace that shares the host's mount namespace (unshare -p)
  // stays unknown after any scan: do not rescan for each of its exits.
  bool by_pidns = sender.mntns_id == 0;
  if (by_pidns && !target_unknown && unresolved_pidns_.count(sender.pidns_id)) return;
  registry_.refresh_unless_newer_than(record.header.timestamp_ns, kEagerScanInterval);
  // Still unknown: gone before any scan saw it, and no runtime's.
  if (!by_pidns && unknown(sender.mntns_id, 0)) {
    registry_.add_anonymous(sender.mntns_id, sender.pidns_id);
  }
  if (by_pidns && unknown(0, sender.pidns_id)) unresolved_pidns_.insert(sender.pidns_id);
  if (unknown(target.mntns_id, 0)) registry_.add_anonymous(target.mntns_id, 0);
}

// An exiting task has left its mount namespace: its pid namespace tells,
// unless no scan ever saw a process in it.
ContainerPlace ContainerAttribution::place_of(uint64_t mntns_id, uint32_t pidns_id) const {
  const HostNamespaces& host = registry_.host();
  if (mntns_id != 0) {
    if (mntns_id == host.mntns_id) return ContainerPlace::of(nullptr);
    const Container* container = registry_.by_mntns(mntns_id);
    return container ? ContainerPlace::of(container) : ContainerPlace::unknown();
  }
  if (pidns_id == 0) return ContainerPlace::unknown();
  if (pidns_id == host.pidns_id) return ContainerPlace::of(nullptr);
  const Container* container = registry_.by_pidns(pidns_id);
  return container ? ContainerPlace::of(container) : ContainerPlace::unknown();
}

// The last scan's view of a process, else where it lives now.
ContainerPlace ContainerAttribution::place_of_process(pid_t pid) const {
  if (const Container* container = registry_.by_pid(pid)) return ContainerPlace::of(container);
  auto now = namespaces_of(pid);
  return now ? place_of(now->mntns_id, 0) : ContainerPlace::unknown();
}

ContainerPlace ContainerAttribution::sender_of(const sigtrace_event& record) const {
  return place_of(record.sender.mntns_id, record.sender.pidns_id);
}

ContainerPlace ContainerAttribution::target_of(const sigtrace_event& record,
                                               const KnownTarget& target) const {
  if (target.from_proc) return place_of(target.mntns_id, 0);
  if (record.target.mntns_id || record.target.pidns_id) {
    return place_of(record.target.mntns_id, record.target.pidns_id);
  }
  // No task to place (a kill that found nobody) is not an unknown one.
  if (record.error == ESRCH) return ContainerPlace::of(nullptr);
  auto pid = static_cast<pid_t>(record.target.tgid ? record.target.tgid : record.target.tid);
  return pid > 0 ? place_of_process(pid) : ContainerPlace::unknown();
}

}  // namespace sigtrace
