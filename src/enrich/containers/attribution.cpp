#include "enrich/containers/attribution.h"

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

void ContainerAttribution::tick() {
  bool runtime_changed = watch_.changed();
  if (runtime_changed || Clock::now() - last_scan_ >= kScanInterval) {
    watch_.add_new_directories();
    registry_.refresh();
    last_scan_ = Clock::now();
    unresolved_pidns_.clear();
  }
}

bool ContainerAttribution::unknown(uint64_t mntns_id, uint32_t pidns_id) const {
  if (mntns_id != 0) return mntns_id != registry_.host().mntns_id && !registry_.by_mntns(mntns_id);
  return pidns_id != 0 && pidns_id != registry_.host().pidns_id && !registry_.by_pidns(pidns_id);
}

void ContainerAttribution::notice(const sigtrace_event& record, const KnownTarget& target) {
  const sigtrace_task& sender = record.sender;
  bool sender_unknown = unknown(sender.mntns_id, sender.pidns_id);
  bool target_unknown = unknown(target.mntns_id, 0);
  if (!sender_unknown && !target_unknown) return;
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

const Container* ContainerAttribution::sender_of(const sigtrace_event& record) const {
  return registry_.find(record.sender.mntns_id, record.sender.pidns_id);
}

const Container* ContainerAttribution::target_of(const sigtrace_event& record,
                                                 const KnownTarget& target) const {
  if (target.from_proc) return target.mntns_id ? registry_.by_mntns(target.mntns_id) : nullptr;
  if (record.target.mntns_id || record.target.pidns_id) {
    return registry_.find(record.target.mntns_id, record.target.pidns_id);
  }
  auto pid = static_cast<pid_t>(record.target.tgid ? record.target.tgid : record.target.tid);
  return pid > 0 ? registry_.by_pid(pid) : nullptr;
}

}  // namespace sigtrace
