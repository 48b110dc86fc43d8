#include "enrich/containers/registry.h"

#include <set>
#include <thread>

#include "enrich/clock.h"

namespace sigtrace {
namespace {

using Clock = std::chrono::steady_clock;

// Events are written a little after they happen; a container that just
// stopped must still be named in them.
constexpr auto kKeepDeparted = std::chrono::minutes(5);
// A container's first process lives in its mount namespace a moment before
// its cgroup and the runtime's state say whose it is; on a loaded host that
// moment can last. A namespace still anonymous after this long is one.
constexpr auto kSettleTime = std::chrono::seconds(2);

std::string anonymous_name(uint64_t mntns_id) {
  return "mntns:" + std::to_string(mntns_id);
}

Container from_containerd(const ContainerdTask& task, uint64_t mntns_id) {
  Container container;
  container.id = task.id;
  container.name = task.named.name;
  container.image = task.named.image;
  container.runtime = task.named.runtime;
  container.k8s = task.named.k8s;
  container.mntns_id = mntns_id;
  return container;
}

}  // namespace

ContainerRegistry::ContainerRegistry(RuntimePaths paths, std::string proc_root)
    : paths_(std::move(paths)),
      proc_root_(std::move(proc_root)),
      host_(host_namespaces(proc_root_)),
      containerd_(paths_.containerd_tasks) {}

// Even a fast rescan asks containerd's API, which is asked once about a
// new container, and only for one whose bundle does not name its image.
void ContainerRegistry::refresh_containerd() {
  containerd_.refresh(paths_.containerd_socket);
  containerd_by_mntns_.clear();
  for (const auto& task : containerd_.tasks()) {
    if (task.init_pid == 0) continue;
    if (auto ns = namespaces_of(task.init_pid, proc_root_))
      containerd_by_mntns_[ns->mntns_id] = &task;
  }
}

// By its init's mount namespace; before the shim has written init.pid, by
// the cgroup the task was given, or the id in a CRI cgroup's name.
const ContainerdTask* ContainerRegistry::containerd_task_of(const NamespaceGroup& group) const {
  auto by_init = containerd_by_mntns_.find(group.mntns_id);
  if (by_init != containerd_by_mntns_.end()) return by_init->second;
  for (const auto& task : containerd_.tasks()) {
    if (cgroup_file_lists(group.first_cgroup, task.cgroups_path)) return &task;
    if (group.container && group.container->runtime == "containerd" &&
        group.container->id == task.id) {
      return &task;
    }
  }
  return nullptr;
}

Container ContainerRegistry::describe(const NamespaceGroup& group,
                                      const ContainerNames& names) const {
  if (const ContainerdTask* task = containerd_task_of(group)) {
    return from_containerd(*task, group.mntns_id);
  }
  Container container;
  container.mntns_id = group.mntns_id;
  auto named = group.container ? names.find(group.container->id) : names.end();
  bool vouched = group.container && (!group.container->user_delegated || named != names.end());
  if (!vouched) {
    container.name = anonymous_name(group.mntns_id);
    return container;
  }
  container.id = group.container->id;
  container.runtime = group.container->runtime;
  if (named != names.end()) {
    container.name = named->second.name;
    container.image = named->second.image;
    container.k8s = named->second.k8s;
  } else {
    container.name = container.id.substr(0, 12);
  }
  return container;
}

// Between two questions to the APIs, their last answer stands.
ContainerNames ContainerRegistry::read_names(bool ask_apis) {
  if (ask_apis) api_names_ = names_from_engine_apis(paths_);
  ContainerNames names = api_names_;
  add_names_from_state_files(paths_, names);
  refresh_containerd();
  return names;
}

void ContainerRegistry::refresh(bool ask_apis) {
  auto now = Clock::now();
  last_refresh_ = now;
  last_refresh_boot_ns_ = BootClock::now_boot_ns();
  std::vector<NamespaceGroup> groups = scan_namespaces(host_, proc_root_);
  // A process may exit while the scan reads /proc: only once the scan is
  // over is a namespace it did not find known to be empty.
  last_scan_end_boot_ns_ = BootClock::now_boot_ns();
  last_names_ = read_names(ask_apis);
  const ContainerNames& names = last_names_;
  known_names_.clear();
  for (const auto& [id, named] : names)
    known_names_.push_back(named.name);
  for (const auto& task : containerd_.tasks())
    known_names_.push_back(task.named.name);

  std::set<uint64_t> seen;
  bool changed = false;
  mntns_of_pid_.clear();
  for (const auto& group : groups) {
    seen.insert(group.mntns_id);
    changed = add_group(group, names, now) || changed;
  }
  for (auto& [mntns_id, entry] : by_mntns_) {
    if (entry.running && !seen.count(mntns_id)) {
      entry.running = false;
      if (entry.hold.valid()) departed_holds_.push_back(std::move(entry.hold));
      entry.departed = now;
      entry.departed_boot_ns = last_scan_end_boot_ns_;
      changed = true;
    }
  }
  forget_long_departed(now);
  if (changed) ++generation_;
}

// A container no runtime had told of at the last scan: read them again.
void ContainerRegistry::read_names_for(const NamespaceGroup& group) {
  if (group.container && !last_names_.count(group.container->id)) {
    last_names_ = read_names(/*ask_apis=*/false);
  } else {
    refresh_containerd();
  }
}

bool ContainerRegistry::look_at_process(pid_t pid, uint64_t mntns_id) {
  auto group = group_of_process(pid, host_, proc_root_);
  if (!group || group->mntns_id != mntns_id) return false;
  read_names_for(*group);
  if (add_group(*group, last_names_, Clock::now())) ++generation_;
  return true;
}

bool ContainerRegistry::look_at_cgroup(uint64_t cgroup_id, uint64_t mntns_id, uint32_t pidns_id) {
  auto path = cgroups_.path_of(cgroup_id);
  if (!path) return false;
  NamespaceGroup group;
  group.mntns_id = mntns_id;
  if (pidns_id != 0 && pidns_id != host_.pidns_id) group.pidns_ids.push_back(pidns_id);
  group.first_cgroup = "0::" + *path + "\n";
  group.container = container_from_cgroup(group.first_cgroup);
  read_names_for(group);
  if (describe(group, last_names_).anonymous()) return false;
  auto now = Clock::now();
  add_group(group, last_names_, now);
  // Gone already: the running set the kernel filter knows is unchanged.
  Entry& entry = by_mntns_[mntns_id];
  entry.running = false;
  entry.departed = now;
  entry.departed_boot_ns = BootClock::now_boot_ns();
  return true;
}

bool ContainerRegistry::knows_process(pid_t pid, uint64_t mntns_id) const {
  auto it = mntns_of_pid_.find(pid);
  return it != mntns_of_pid_.end() && it->second == mntns_id;
}

bool ContainerRegistry::add_group(const NamespaceGroup& group, const ContainerNames& names,
                                  Clock::time_point now) {
  for (pid_t pid : group.pids)
    mntns_of_pid_[pid] = group.mntns_id;
  // Kept across scans: a container's last processes exit after it is
  // gone from /proc, and their SIGCHLDs still need a name.
  for (uint32_t pidns_id : group.pidns_ids)
    mntns_of_pidns_[pidns_id] = group.mntns_id;
  return update_entry(group, names, now);
}

// True when what the kernel filter would make of it changed: it started,
// its name changed, or an anonymous namespace has now been one for long
// enough to be taken for what it is.
bool ContainerRegistry::update_entry(const NamespaceGroup& group, const ContainerNames& names,
                                     Clock::time_point now) {
  auto [it, added] = by_mntns_.try_emplace(group.mntns_id);
  Entry& entry = it->second;
  // Not one cgroup read: its processes were leaving, or in the middle of an
  // exec (runc's init becoming the container's command). No news of whose
  // the namespace is, and surely no reason to call a container anonymous.
  if (!added && entry.running && group.first_cgroup.empty()) {
    if (!entry.container.anonymous()) known_names_.push_back(entry.container.name);
    if (!entry.hold.valid()) entry.hold = hold_namespace(group, proc_root_);
    return false;
  }
  Container container = describe(group, names);
  if (!container.anonymous()) known_names_.push_back(container.name);
  bool started = added || !entry.running;
  bool renamed = entry.container.name != container.name;
  if (started || renamed) entry.first_seen_as_named = now;
  bool was_settled = entry.settled;
  entry.container = std::move(container);
  entry.running = true;
  if (!entry.hold.valid()) entry.hold = hold_namespace(group, proc_root_);
  entry.settled = !entry.container.anonymous() || now - entry.first_seen_as_named >= kSettleTime;
  return started || renamed || was_settled != entry.settled;
}

void ContainerRegistry::add_anonymous(uint64_t mntns_id, uint32_t pidns_id) {
  auto found = by_mntns_.find(mntns_id);
  if (found != by_mntns_.end() && found->second.running) return;
  Container container;
  container.name = anonymous_name(mntns_id);
  container.mntns_id = mntns_id;
  if (pidns_id != 0 && pidns_id != host_.pidns_id) mntns_of_pidns_[pidns_id] = mntns_id;
  Entry& entry = by_mntns_[mntns_id];
  entry.container = std::move(container);
  entry.running = false;
  entry.departed = Clock::now();
  entry.departed_boot_ns = last_scan_end_boot_ns_;
}

bool ContainerRegistry::left_before(uint64_t mntns_id, uint64_t boot_ns) const {
  auto it = by_mntns_.find(mntns_id);
  return it != by_mntns_.end() && !it->second.running && it->second.departed_boot_ns < boot_ns;
}

void ContainerRegistry::refresh_unless_newer_than(uint64_t boot_ns,
                                                  std::chrono::milliseconds spacing) {
  if (last_refresh_boot_ns_ >= boot_ns) return;
  std::this_thread::sleep_until(last_refresh_ + spacing);
  refresh(/*ask_apis=*/false);
}

void ContainerRegistry::forget_long_departed(Clock::time_point now) {
  for (auto it = by_mntns_.begin(); it != by_mntns_.end();) {
    if (!it->second.running && now - it->second.departed > kKeepDeparted) {
      it = by_mntns_.erase(it);
    } else {
      ++it;
    }
  }
  std::erase_if(mntns_of_pidns_, [&](const auto& entry) { return !by_mntns_.count(entry.second); });
}

const Container* ContainerRegistry::by_mntns(uint64_t mntns_id) const {
  auto it = by_mntns_.find(mntns_id);
  return it == by_mntns_.end() ? nullptr : &it->second.container;
}

const Container* ContainerRegistry::by_pid(pid_t pid) const {
  auto it = mntns_of_pid_.find(pid);
  return it == mntns_of_pid_.end() ? nullptr : by_mntns(it->second);
}

const Container* ContainerRegistry::by_pidns(uint32_t pidns_id) const {
  auto it = mntns_of_pidns_.find(pidns_id);
  return it == mntns_of_pidns_.end() ? nullptr : by_mntns(it->second);
}

const Container* ContainerRegistry::find(uint64_t mntns_id, uint32_t pidns_id) const {
  if (mntns_id != 0) return by_mntns(mntns_id);
  return by_pidns(pidns_id);
}

bool ContainerRegistry::kubernetes_known() const {
  if (containerd_.serves_kubernetes()) return true;
  for (const auto& [mntns_id, entry] : by_mntns_) {
    if (!entry.container.k8s.empty()) return true;
  }
  return false;
}

std::vector<const Container*> ContainerRegistry::settled() const {
  std::vector<const Container*> result;
  for (const auto& [mntns_id, entry] : by_mntns_) {
    if (entry.running && entry.settled && entry.hold.valid()) result.push_back(&entry.container);
  }
  return result;
}

}  // namespace sigtrace
