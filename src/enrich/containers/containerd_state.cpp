#include "enrich/containers/containerd_state.h"

#include <dirent.h>
#include <sys/stat.h>

#include <charconv>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <set>

#include "common/proc_files.h"

namespace sigtrace {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr size_t kFullIdLength = 64;
constexpr size_t kShortIdLength = 12;
// A scan runs in the event loop: an API that does not answer this fast
// waits for the next scan.
constexpr std::chrono::milliseconds kApiTimeout{200};
constexpr std::chrono::seconds kApiBackoff{10};

std::vector<std::string> subdirectories(const std::string& dir) {
  std::vector<std::string> names;
  DIR* stream = ::opendir(dir.c_str());
  if (!stream) return names;
  while (dirent* entry = ::readdir(stream)) {
    std::string name = entry->d_name;
    if (name == "." || name == ".." || entry->d_type != DT_DIR) continue;
    names.push_back(std::move(name));
  }
  ::closedir(stream);
  return names;
}

// The first of these annotations that is a non-empty string.
std::string first_annotation(const json& annotations, std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    auto it = annotations.find(key);
    if (it != annotations.end() && it->is_string() && !it->get_ref<const std::string&>().empty()) {
      return it->get<std::string>();
    }
  }
  return "";
}

// The CRI's annotation first, then kubelet's label of the same meaning.
KubernetesNames kubernetes_names(const json& annotations) {
  KubernetesNames k8s;
  k8s.pod_namespace = first_annotation(
      annotations, {"io.kubernetes.cri.sandbox-namespace", "io.kubernetes.pod.namespace"});
  k8s.pod =
      first_annotation(annotations, {"io.kubernetes.cri.sandbox-name", "io.kubernetes.pod.name"});
  k8s.container = first_annotation(
      annotations, {"io.kubernetes.cri.container-name", "io.kubernetes.container.name"});
  return k8s;
}

// CRI's ids are 64 hex digits, shown shortened as the runtimes' own tools
// do; ctr's are the names its user chose.
std::string name_from_id(const std::string& id) {
  return id.size() == kFullIdLength ? id.substr(0, kShortIdLength) : id;
}

std::string name_of(const ContainerdTask& task) {
  return task.named.k8s.container.empty() ? name_from_id(task.id) : task.named.k8s.container;
}

void fill_if_empty(std::string& field, const std::map<std::string, std::string>& labels,
                   const char* key) {
  auto it = labels.find(key);
  if (field.empty() && it != labels.end()) field = it->second;
}

std::string cgroups_path_of(const json& config) {
  auto section = config.find("linux");
  if (section == config.end() || !section->is_object()) return "";
  auto path = section->find("cgroupsPath");
  return path != section->end() && path->is_string() ? path->get<std::string>() : "";
}

pid_t read_pid(const std::string& path) {
  std::string text = read_small_file(path);
  pid_t pid = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), pid);
  return ec == std::errc() && pid > 0 ? pid : 0;
}

}  // namespace

std::optional<ContainerdTask> parse_containerd_bundle(std::string_view config_json,
                                                      const std::string& ns,
                                                      const std::string& id) {
  json config = json::parse(config_json, nullptr, false);
  if (!config.is_object()) return std::nullopt;
  auto found = config.find("annotations");
  json annotations = found != config.end() && found->is_object() ? *found : json::object();
  ContainerdTask task;
  task.id = id;
  task.ns = ns;
  task.cgroups_path = cgroups_path_of(config);
  task.named.runtime = "containerd";
  task.named.k8s = kubernetes_names(annotations);
  task.named.image = first_annotation(annotations, {"io.kubernetes.cri.image-name"});
  task.named.name = name_of(task);
  return task;
}

void add_api_record(ContainerdTask& task, const ContainerdRecord& record) {
  KubernetesNames& k8s = task.named.k8s;
  fill_if_empty(k8s.pod_namespace, record.labels, "io.kubernetes.pod.namespace");
  fill_if_empty(k8s.pod, record.labels, "io.kubernetes.pod.name");
  fill_if_empty(k8s.container, record.labels, "io.kubernetes.container.name");
  if (task.named.image.empty()) task.named.image = record.image;
  task.named.name = name_of(task);
}

// The API is asked once about each task whose bundle does not name its
// image or its pod (a CRI container's names them both: it is never asked).
bool ContainerdState::worth_asking(const ContainerdTask& task) const {
  return !asked_.count(task.ns + "/" + task.id) &&
         (task.named.image.empty() || task.named.k8s.empty());
}

// One call per namespace with such a task, in the event loop: a socket
// that fails is left alone for a while.
void ContainerdState::ask_api(const std::string& api_socket,
                              const std::vector<ContainerdTask>& tasks) {
  if (Clock::now() < api_quiet_until_) return;
  std::set<std::string> namespaces;
  for (const auto& task : tasks) {
    if (worth_asking(task)) namespaces.insert(task.ns);
  }
  for (const auto& ns : namespaces) {
    auto records = containerd_containers(api_socket, ns, kApiTimeout);
    if (!records) {
      api_quiet_until_ = Clock::now() + kApiBackoff;
      return;
    }
    for (const auto& task : tasks) {
      if (task.ns != ns) continue;
      asked_.insert(ns + "/" + task.id);
      auto record = records->find(task.id);
      if (record != records->end()) records_[ns + "/" + task.id] = std::move(record->second);
    }
  }
}

std::optional<ContainerdTask> ContainerdState::read_task(const std::string& ns,
                                                         const std::string& id) {
  std::string bundle = task_root_ + "/" + ns + "/" + id;
  auto cached = cache_.find(ns + "/" + id);
  if (cached == cache_.end()) {
    auto parsed = parse_containerd_bundle(read_small_file(bundle + "/config.json"), ns, id);
    // Not written yet: the next scan reads it.
    if (!parsed) return std::nullopt;
    cached = cache_.emplace(ns + "/" + id, std::move(*parsed)).first;
  }
  if (cached->second.init_pid == 0) cached->second.init_pid = read_pid(bundle + "/init.pid");
  return cached->second;
}

void ContainerdState::refresh(const std::string& api_socket) {
  std::vector<ContainerdTask> tasks;
  std::map<std::string, ContainerdTask> still_there;
  for (const auto& ns : subdirectories(task_root_)) {
    for (const auto& id : subdirectories(task_root_ + "/" + ns)) {
      auto task = read_task(ns, id);
      if (!task) continue;
      still_there.emplace(ns + "/" + id, *task);
      tasks.push_back(std::move(*task));
    }
  }
  // A task id can be used again after the task is gone: read it anew then.
  std::erase_if(asked_, [&](const std::string& key) { return !still_there.count(key); });
  std::erase_if(records_, [&](const auto& entry) { return !still_there.count(entry.first); });
  cache_ = std::move(still_there);
  if (!api_socket.empty()) ask_api(api_socket, tasks);
  for (auto& task : tasks) {
    auto record = records_.find(task.ns + "/" + task.id);
    if (record != records_.end()) add_api_record(task, record->second);
  }
  tasks_ = std::move(tasks);
}

bool ContainerdState::serves_kubernetes() const {
  struct stat st {};
  return ::stat((task_root_ + "/k8s.io").c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

}  // namespace sigtrace
