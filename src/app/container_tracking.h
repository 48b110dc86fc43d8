// Containers while tracing: the registry kept current (a runtime creating a
// container wakes us, and a scan runs every second anyway), the in-kernel
// mount namespace filter kept in step with -c/--host, and the selections
// the kernel cannot make alone.
//
// The kernel drops what is certainly unwanted: for -c, every namespace
// known to belong elsewhere (the host's, other containers'); for --host,
// the known containers'. A namespace newer than the last scan passes and
// is decided here, once named: no container's first events are lost to a
// filter that has not heard of it yet.
#pragma once

#include <chrono>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "containers/registry.h"
#include "containers/runtime_watch.h"
#include "filters/kernel_filter.h"
#include "loader/tracer.h"

namespace sigtrace {

struct ContainerSelection {
  std::vector<std::string> names;         // -c: senders in these containers
  bool host_only = false;                 // --host: senders outside containers
  std::vector<std::string> target_names;  // --tcontainername: targets in these
};

class ContainerTracking {
 public:
  // Scans once. `fixed_mntns` (--mntns) stays in the filter whatever happens.
  ContainerTracking(ContainerSelection selection, std::vector<uint64_t> fixed_mntns);

  // The mount namespace part of the kernel filter at start. Throws
  // UsageError for a container name nobody runs.
  void configure(KernelFilter& filter) const;
  // Wakes the tracer's wait when a runtime changes something.
  void attach(Tracer& tracer);
  // After each wait: rescans when a runtime changed something or a second
  // passed, and brings the kernel filter up to date.
  void tick();
  // Before an event is written: a namespace not seen yet means a container
  // newer than the last scan; rescan (at most every 20 ms) to name it.
  void notice(const sigtrace_event& event);
  // -c/--host on the sender, --tcontainername on the target.
  bool selected(const sigtrace_event& event) const;

  const ContainerRegistry& registry() const { return registry_; }
  // Whether columns output should have CONTAINER and TCONTAINER.
  bool worth_showing() const;

 private:
  std::set<uint64_t> filter_list() const;
  bool sender_wanted(const Container* container, uint64_t mntns_id) const;
  bool unknown(uint64_t mntns_id, uint32_t pidns_id) const;

  ContainerSelection selection_;
  std::vector<uint64_t> fixed_mntns_;
  ContainerRegistry registry_;
  RuntimeWatch watch_;
  Tracer* tracer_ = nullptr;
  uint64_t filtered_generation_ = 0;
  std::chrono::steady_clock::time_point last_scan_;
  std::set<uint32_t> unresolved_pidns_;  // since the last periodic scan
};

}  // namespace sigtrace
