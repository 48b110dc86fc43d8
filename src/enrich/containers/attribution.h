// Which container each end of a signal is in, while tracing: the registry
// kept current (a runtime creating a container wakes us, and a scan runs
// every second anyway), and a namespace no scan has seen yet named at once.
#pragma once

#include <chrono>
#include <cstdint>
#include <set>

#include "enrich/containers/registry.h"
#include "enrich/containers/runtime_watch.h"
#include "model/enriched_event.h"

namespace sigtrace {

class ContainerAttribution {
 public:
  // Scans once.
  ContainerAttribution();

  // Readable when a runtime changed something; for the event loop's wait.
  int wakeup_fd() const { return watch_.fd(); }
  // After each wait: rescans when a runtime changed something or a second
  // passed.
  void tick();
  // Before the first event read after a wait: rescans at once when a runtime
  // changed something meanwhile. A runtime writes its state before the
  // container's command runs, so this sees the container alive even when
  // its events came in the same wakeup and it is about to exit.
  void catch_up();
  // Before an event is attributed: a namespace not seen yet means a
  // container newer than the last scan; rescan (at most every 20 ms) to name
  // it, or give it an anonymous name. A namespace scanned as anonymous while
  // a runtime has changed something since may be a container caught in its
  // first moments (before its cgroup and state were written): rescanned too,
  // and so is a namespace a scan found empty before the event happened (its
  // id handed to a new one).
  void notice(const sigtrace_event& record, const KnownTarget& target);

  // By mount namespace, or by pid namespace for an exiting task.
  ContainerPlace sender_of(const sigtrace_event& record) const;
  // From the kernel's reading of the target (by pid namespace for one that
  // was exiting); else from /proc, or the last scan's view of its process.
  // Unknown when the target was gone before anything saw where it lived.
  ContainerPlace target_of(const sigtrace_event& record, const KnownTarget& target) const;

  const ContainerRegistry& registry() const { return registry_; }
  // Once the kernel filter was told the containers that left: their ids
  // may now go to new ones.
  void release_departed() { registry_.release_departed(); }

 private:
  void rescan(bool ask_apis);
  bool unknown(uint64_t mntns_id, uint32_t pidns_id) const;
  bool anonymous(uint64_t mntns_id, uint32_t pidns_id) const;
  bool reoccupied(uint64_t mntns_id, uint64_t boot_ns) const;
  bool unplaced(uint64_t mntns_id, uint32_t pidns_id, uint64_t boot_ns) const;
  bool both_placed(const sigtrace_event& record, const KnownTarget& target, uint64_t when) const;
  void look_at_unplaced(const sigtrace_event& record, const KnownTarget& target, uint64_t when);
  void rescan_for(const sigtrace_event& record, const KnownTarget& target, uint64_t when);
  void verify_newcomer(uint32_t pid, uint64_t mntns_id, uint64_t boot_ns);
  void recheck_anonymous(uint64_t sender_mntns, uint32_t sender_pidns, uint64_t target_mntns);
  ContainerPlace place_of(uint64_t mntns_id, uint32_t pidns_id) const;
  ContainerPlace place_of_process(pid_t pid) const;

  ContainerRegistry registry_;
  RuntimeWatch watch_;
  std::chrono::steady_clock::time_point last_scan_;
  std::set<uint32_t> unresolved_pidns_;  // since the last periodic scan
};

}  // namespace sigtrace
