// containerd's running tasks, from the state it keeps on disk rather than
// its gRPC API: under its runtime v2 state directory, one OCI bundle per
// task, <root>/<namespace>/<id>/, holding the task's config.json and, once
// the shim has started it, init.pid.
//
// What names a task comes from config.json's annotations: the CRI plugin
// writes io.kubernetes.cri.container-name, sandbox-name, sandbox-namespace
// and image-name there (`ctr run --label` copies a container's labels
// there too). What only containerd's metadata store holds, the image of a
// container no CRI created and the labels kubelet sets
// (io.kubernetes.pod.name, pod.namespace, container.name), comes from its
// API socket when it answers (enrich/containers/containerd_api.h); the
// bundle's annotations win where both say something.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "enrich/containers/containerd_api.h"
#include "enrich/containers/runtime_sources.h"

namespace sigtrace {

struct ContainerdTask {
  std::string id;            // containerd's container id: "web" (ctr), 64 hex digits (CRI)
  std::string ns;            // containerd's namespace: "k8s.io", "default"
  pid_t init_pid = 0;        // 0 until the shim has written it
  std::string cgroups_path;  // linux.cgroupsPath: "/k8s.io/web", or systemd's "slice:prefix:name"
  NamedContainer named;      // runtime "containerd"
};

// One bundle's config.json; nothing when it is not a JSON object.
std::optional<ContainerdTask> parse_containerd_bundle(std::string_view config_json,
                                                      const std::string& ns, const std::string& id);

// Fills what the bundle left empty (image, pod names) from the API's
// record of the container.
void add_api_record(ContainerdTask& task, const ContainerdRecord& record);

// The tasks under a runtime v2 state directory, kept between scans: a
// bundle's config.json is read once, its init.pid until it is there.
class ContainerdState {
 public:
  explicit ContainerdState(std::string task_root) : task_root_(std::move(task_root)) {}

  // Reads the bundles; asks containerd's API at api_socket (unless empty)
  // about the tasks it has not been asked about yet.
  void refresh(const std::string& api_socket = "");
  const std::vector<ContainerdTask>& tasks() const { return tasks_; }
  // containerd runs Kubernetes' pods here: its "k8s.io" namespace exists.
  bool serves_kubernetes() const;

 private:
  std::optional<ContainerdTask> read_task(const std::string& ns, const std::string& id);
  void ask_api(const std::string& api_socket, const std::vector<ContainerdTask>& tasks);
  bool worth_asking(const ContainerdTask& task) const;

  std::string task_root_;
  std::map<std::string, ContainerdTask> cache_;  // by "<namespace>/<id>"
  // By "<namespace>/<id>", like cache_.
  std::set<std::string> asked_;
  std::map<std::string, ContainerdRecord> records_;
  std::chrono::steady_clock::time_point api_quiet_until_{};
  std::vector<ContainerdTask> tasks_;
};

}  // namespace sigtrace
