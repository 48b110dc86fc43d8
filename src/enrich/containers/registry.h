// The containers on this host, kept current while sigtrace runs, by mount
// namespace (and pid namespace, for tasks that already left their mount
// namespace on their way out).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "enrich/containers/cgroup_by_id.h"
#include "enrich/containers/containerd_state.h"
#include "enrich/containers/proc_namespaces.h"
#include "enrich/containers/runtime_sources.h"
#include "model/container.h"

namespace sigtrace {

class ContainerRegistry {
 public:
  explicit ContainerRegistry(RuntimePaths paths = {}, std::string proc_root = "/proc");

  // Rescans /proc and the runtimes now; ask_apis: also podman's and
  // docker's Engine API sockets (otherwise their state files only).
  // containerd's API is asked about new containers only, in either case.
  void refresh(bool ask_apis = true);
  // Rescans unless a scan started after `boot_ns` (CLOCK_BOOTTIME) already
  // had its chance to see what was there then; scans at most every
  // `spacing`, waiting for the rest of it if need be. /proc and the
  // runtimes' files only: an Engine API slow to answer must not stall it.
  void refresh_unless_newer_than(uint64_t boot_ns, std::chrono::milliseconds spacing);

  // Names one process's namespace at once, without a scan of /proc: for
  // an event from a container that may be gone by the time a scan could
  // run. False when the process is gone or no longer in that namespace.
  bool look_at_process(pid_t pid, uint64_t mntns_id);
  // Names a namespace whose process is gone by the cgroup it was in (its id
  // from the event), while the runtime has not removed that cgroup yet. The
  // namespace is taken as gone now: a later task there is a new occupant.
  // False when the cgroup is gone too, or is no container's.
  bool look_at_cgroup(uint64_t cgroup_id, uint64_t mntns_id, uint32_t pidns_id);
  // Whether the last scan (or a look since) found this process there.
  bool knows_process(pid_t pid, uint64_t mntns_id) const;
  // When the last scan started: what it found was there after that.
  uint64_t last_scan_start_boot_ns() const { return last_refresh_boot_ns_; }

  const Container* by_mntns(uint64_t mntns_id) const;
  const Container* by_pidns(uint32_t pidns_id) const;
  // The container a task is in, from its mount namespace, or from its pid
  // namespace when the mount namespace reads 0 (an exiting task).
  const Container* find(uint64_t mntns_id, uint32_t pidns_id) const;

  // The container a process was in at the last scan; for targets the
  // kernel could not describe.
  const Container* by_pid(pid_t pid) const;

  // Lets go of the namespaces of containers found gone: call once the
  // kernel filter no longer names them (see Entry::hold).
  void release_departed() { departed_holds_.clear(); }

  // Names a mount namespace no scan found (its processes came and went
  // between two scans, and no runtime runs it): "mntns:ID". Replaces what
  // a departed occupant of that id left.
  void add_anonymous(uint64_t mntns_id, uint32_t pidns_id);
  // Whether the namespace's last occupant was found gone (or never found)
  // by a scan that ended before `boot_ns`: a task there at `boot_ns` is
  // a newer occupant of the id, since the kernel hands the ids of freed
  // namespaces out again (and at once: the next container often gets its
  // predecessor's).
  bool left_before(uint64_t mntns_id, uint64_t boot_ns) const;

  // Running containers whose name is settled: named ones, and anonymous
  // namespaces that have been so for a while (a container in its first
  // moments looks anonymous). Departed ones are kept for attribution only,
  // and so are those no file of ours holds (every process gone before the
  // scan could open one): the kernel may hand their id to a new namespace at
  // any moment, which a kernel filter dropping the id would then hide.
  std::vector<const Container*> settled() const;
  // Every container name the runtimes know, running, created or stopped.
  const std::vector<std::string>& known_names() const { return known_names_; }
  const HostNamespaces& host() const { return host_; }
  // Whether Kubernetes runs pods here: a container with a pod's names, or
  // containerd's "k8s.io" namespace.
  bool kubernetes_known() const;
  // Changes whenever the set of running containers changes, or their
  // names, or which of them are settled.
  uint64_t generation() const { return generation_; }

 private:
  struct Entry {
    Container container;
    bool running = true;
    std::chrono::steady_clock::time_point departed;
    uint64_t departed_boot_ns = 0;  // the end of the scan that found it gone
    std::chrono::steady_clock::time_point first_seen_as_named;  // as it is named now
    bool settled = false;
    // Held while it runs: its id cannot be handed to a new container that
    // a kernel filter excluding this one would then hide.
    UniqueFd hold;
  };

  Container describe(const NamespaceGroup& group, const ContainerNames& names) const;
  const ContainerdTask* containerd_task_of(const NamespaceGroup& group) const;
  bool update_entry(const NamespaceGroup& group, const ContainerNames& names,
                    std::chrono::steady_clock::time_point now);
  bool add_group(const NamespaceGroup& group, const ContainerNames& names,
                 std::chrono::steady_clock::time_point now);
  ContainerNames read_names(bool ask_apis);
  // Before naming one group outside a scan: what the runtimes say now.
  void read_names_for(const NamespaceGroup& group);
  void refresh_containerd();
  void forget_long_departed(std::chrono::steady_clock::time_point now);

  RuntimePaths paths_;
  std::string proc_root_;
  HostNamespaces host_;
  std::map<uint64_t, Entry> by_mntns_;
  std::vector<std::string> known_names_;
  ContainerNames api_names_;
  ContainerNames last_names_;  // what the last scan read
  ContainerdState containerd_;
  CgroupById cgroups_;
  std::map<uint64_t, const ContainerdTask*> containerd_by_mntns_;  // by their init's
  std::map<pid_t, uint64_t> mntns_of_pid_;
  std::vector<UniqueFd> departed_holds_;
  std::map<uint32_t, uint64_t> mntns_of_pidns_;
  std::chrono::steady_clock::time_point last_refresh_{};
  uint64_t last_refresh_boot_ns_ = 0;
  uint64_t last_scan_end_boot_ns_ = 0;
  uint64_t generation_ = 0;
};

}  // namespace sigtrace
