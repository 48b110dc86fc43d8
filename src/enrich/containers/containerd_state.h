// containerd's running tasks, from the state it keeps on disk rather than
// its gRPC API: under its runtime v2 state directory, one OCI bundle per
// task, <root>/<namespace>/<id>/, holding the task's config.json and, once
// the shim has started it, init.pid.
//
// What names a task comes from config.json's annotations: the CRI plugin
// writes io.kubernetes.cri.container-name, sandbox-name, sandbox-namespace
// and image-name there; `ctr run --label` copies a container's labels
// there too, so kubelet's io.kubernetes.pod.* / container.name labels are
// read when they are present. Labels that only containerd's metadata
// database holds (and the image of a container no CRI created) would need
// the gRPC API, which sigtrace does not speak.
#pragma once

#include <sys/types.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

// The tasks under a runtime v2 state directory, kept between scans: a
// bundle's config.json is read once, its init.pid until it is there.
class ContainerdState {
 public:
  explicit ContainerdState(std::string task_root) : task_root_(std::move(task_root)) {}

  void refresh();
  const std::vector<ContainerdTask>& tasks() const { return tasks_; }
  // containerd runs Kubernetes' pods here: its "k8s.io" namespace exists.
  bool serves_kubernetes() const;

 private:
  std::optional<ContainerdTask> read_task(const std::string& ns, const std::string& id);

  std::string task_root_;
  std::map<std::string, ContainerdTask> cache_;  // by "<namespace>/<id>"
  std::vector<ContainerdTask> tasks_;
};

}  // namespace sigtrace
