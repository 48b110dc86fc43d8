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

void ContainerAttribution::catch_up() {
  if (watch_.changed()) rescan(/*ask_apis=*/false);
}

bool ContainerAttribution::anonymous(uint64_t mntns_id, uint32_t pidns_id) const {
  const Container* container = registry_.find(mntns_id, pidns_id);
  return container && container->anonymous();
}

bool ContainerAttribution::unknown(uint64_t mntns_id, uint32_t pidns_id) const {
  if (mntns_id != 0) return mntns_id != registry_.host().mntns_id && !registry_.by_mntns(mntns_id);
  return pidns_id != 0 && pidns_id != registry_.host().pidns_id && !registry_.by_pidns(pidns_id);
}

bool ContainerAttribution::reoccupied(uint64_t mntns_id, uint64_t boot_ns) const {
  return mntns_id != 0 && registry_.left_before(mntns_id, boot_ns);
}

bool ContainerAttribution::unplaced(uint64_t mntns_id, uint32_t pidns_id, uint64_t boot_ns) const {
  return unknown(mntns_id, pidns_id) || reoccupied(mntns_id, boot_ns);
}

// A namespace scanned as anonymous may have been a container caught before
// its runtime said whose it is: worth a rescan once a runtime wrote
// something. Its Engine API is not asked: a slow socket must not stall
// events.
void ContainerAttribution::recheck_anonymous(uint64_t sender_mntns, uint32_t sender_pidns,
                                             uint64_t target_mntns) {
  bool maybe_new = anonymous(sender_mntns, sender_pidns) || anonymous(target_mntns, 0);
  if (maybe_new && watch_.changed()) rescan(/*ask_apis=*/false);
}

// A namespace id is handed out again as soon as it is freed, and the next
// container often gets its predecessor's: a process the last scan did not
// see, signalling after it, is looked at to tell which container it is in.
void ContainerAttribution::verify_newcomer(uint32_t pid, uint64_t mntns_id, uint64_t boot_ns) {
  if (pid == 0 || mntns_id == 0 || mntns_id == registry_.host().mntns_id) return;
  if (boot_ns < registry_.last_scan_start_boot_ns()) return;
  if (registry_.knows_process(static_cast<pid_t>(pid), mntns_id)) return;
  registry_.look_at_process(static_cast<pid_t>(pid), mntns_id);
}

bool ContainerAttribution::both_placed(const sigtrace_event& record, const KnownTarget& target,
                                       uint64_t when) const {
  return !unplaced(record.sender.mntns_id, record.sender.pidns_id, when) &&
         !unplaced(target.mntns_id, 0, when);
}

// The tasks themselves, at once: a container that signals and exits may
// be gone by the time a scan runs. A sender already gone still left its
// cgroup, until its runtime cleans up.
void ContainerAttribution::look_at_unplaced(const sigtrace_event& record, const KnownTarget& target,
                                            uint64_t when) {
  const sigtrace_task& sender = record.sender;
  if (sender.mntns_id && unplaced(sender.mntns_id, sender.pidns_id, when) &&
      !registry_.look_at_process(static_cast<pid_t>(sender.tgid), sender.mntns_id)) {
    registry_.look_at_cgroup(record.sender_cgroup_id, sender.mntns_id, sender.pidns_id);
  }
  if (target.mntns_id && unplaced(target.mntns_id, 0, when)) {
    registry_.look_at_process(static_cast<pid_t>(target.tid), target.mntns_id);
  }
}

// A scan, unless one already had its chance; what it did not find either
// was gone before anything saw it, and no runtime's.
void ContainerAttribution::rescan_for(const sigtrace_event& record, const KnownTarget& target,
                                      uint64_t when) {
  const sigtrace_task& sender = record.sender;
  // A pid namespace that shares the host's mount namespace (unshare -p)
  // stays unknown after any scan: do not rescan for each of its exits.
  bool by_pidns = sender.mntns_id == 0;
  bool target_unplaced = unplaced(target.mntns_id, 0, when);
  if (by_pidns && !target_unplaced && unresolved_pidns_.count(sender.pidns_id)) return;
  registry_.refresh_unless_newer_than(when, kEagerScanInterval);
  if (!by_pidns && unplaced(sender.mntns_id, 0, when)) {
    registry_.add_anonymous(sender.mntns_id, sender.pidns_id);
  }
  if (by_pidns && unknown(0, sender.pidns_id)) unresolved_pidns_.insert(sender.pidns_id);
  if (unplaced(target.mntns_id, 0, when)) registry_.add_anonymous(target.mntns_id, 0);
}

void ContainerAttribution::notice(const sigtrace_event& record, const KnownTarget& target) {
  const sigtrace_task& sender = record.sender;
  // The common case, a signal between host processes, costs no lookup.
  uint64_t host = registry_.host().mntns_id;
  if (sender.mntns_id == host && (target.mntns_id == host || target.mntns_id == 0)) return;
  uint64_t when = record.header.timestamp_ns;
  if (both_placed(record, target, when)) {
    verify_newcomer(sender.tgid, sender.mntns_id, when);
    verify_newcomer(record.target.tgid, record.target.mntns_id, when);
    recheck_anonymous(sender.mntns_id, sender.pidns_id, target.mntns_id);
    return;
  }
  look_at_unplaced(record, target, when);
  if (!both_placed(record, target, when)) rescan_for(record, target, when);
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
