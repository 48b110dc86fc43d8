#include "enrich/containers/proc_namespaces.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <charconv>
#include <map>

#include "common/proc_files.h"

namespace sigtrace {
namespace {

std::string comm_of(const std::string& proc_root, pid_t pid) {
  std::string comm = read_small_file(proc_root + "/" + std::to_string(pid) + "/comm");
  while (!comm.empty() && comm.back() == '\n')
    comm.pop_back();
  return comm;
}

// Kernel threads (children of kthreadd) keep namespaces of their own, like
// kdevtmpfs; they are no container.
bool is_kernel_thread(const std::string& proc_root, pid_t pid) {
  std::string stat = read_small_file(proc_root + "/" + std::to_string(pid) + "/stat");
  size_t paren = stat.rfind(')');
  if (paren == std::string::npos || paren + 4 >= stat.size()) return true;
  // ") S PPID ..."
  int ppid = -1;
  const char* start = stat.c_str() + paren + 4;
  std::from_chars(start, stat.c_str() + stat.size(), ppid);
  return pid == 2 || ppid == 2;
}

}  // namespace

UniqueFd hold_namespace(const NamespaceGroup& group, const std::string& proc_root) {
  for (pid_t pid : group.pids) {
    std::string path = proc_root + "/" + std::to_string(pid) + "/ns/mnt";
    UniqueFd file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    struct stat status {};
    // The process may have moved on, and its pid been reused, since the scan.
    if (file.valid() && ::fstat(file.get(), &status) == 0 && status.st_ino == group.mntns_id)
      return file;
  }
  return UniqueFd{};
}

std::optional<HostNamespaces> namespaces_of(pid_t pid, const std::string& proc_root) {
  std::string base = proc_root + "/" + std::to_string(pid) + "/ns/";
  auto mnt = inode_of(base + "mnt");
  auto pidns = inode_of(base + "pid");
  if (!mnt || !pidns) return std::nullopt;
  return HostNamespaces{*mnt, static_cast<uint32_t>(*pidns)};
}

HostNamespaces host_namespaces(const std::string& proc_root) {
  if (comm_of(proc_root, 2) == "kthreadd") {
    if (auto ns = namespaces_of(2, proc_root)) return *ns;
  }
  if (auto ns = namespaces_of(1, proc_root)) return *ns;
  std::string self = proc_root + "/self/ns/";
  return {inode_of(self + "mnt").value_or(0),
          static_cast<uint32_t>(inode_of(self + "pid").value_or(0))};
}

std::optional<NamespaceGroup> group_of_process(pid_t pid, const HostNamespaces& host,
                                               const std::string& proc_root) {
  auto ns = namespaces_of(pid, proc_root);
  if (!ns || ns->mntns_id == host.mntns_id || is_kernel_thread(proc_root, pid)) return std::nullopt;
  NamespaceGroup group;
  group.mntns_id = ns->mntns_id;
  if (ns->pidns_id != host.pidns_id) group.pidns_ids.push_back(ns->pidns_id);
  group.pids.push_back(pid);
  group.first_cgroup = read_small_file(proc_root + "/" + std::to_string(pid) + "/cgroup");
  group.container = container_from_cgroup(group.first_cgroup);
  return group;
}

std::vector<NamespaceGroup> scan_namespaces(const HostNamespaces& host,
                                            const std::string& proc_root) {
  std::map<uint64_t, NamespaceGroup> groups;
  for (pid_t pid : numeric_entries(proc_root)) {
    auto ns = namespaces_of(pid, proc_root);
    if (!ns || ns->mntns_id == host.mntns_id) continue;
    auto [it, added] = groups.try_emplace(ns->mntns_id);
    NamespaceGroup& group = it->second;
    if (added) {
      if (is_kernel_thread(proc_root, pid)) {
        groups.erase(it);
        continue;
      }
      group.mntns_id = ns->mntns_id;
    }
    if (ns->pidns_id != host.pidns_id && std::find(group.pidns_ids.begin(), group.pidns_ids.end(),
                                                   ns->pidns_id) == group.pidns_ids.end()) {
      group.pidns_ids.push_back(ns->pidns_id);
    }
    group.pids.push_back(pid);
    if (!group.container) {
      std::string cgroup = read_small_file(proc_root + "/" + std::to_string(pid) + "/cgroup");
      group.container = container_from_cgroup(cgroup);
      if (group.first_cgroup.empty()) group.first_cgroup = std::move(cgroup);
    }
  }
  std::vector<NamespaceGroup> result;
  for (auto& [id, group] : groups)
    result.push_back(std::move(group));
  return result;
}

}  // namespace sigtrace
