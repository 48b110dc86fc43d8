#include "enrich/containers/cgroup_by_id.h"

#include <fcntl.h>
#include <unistd.h>

#include <climits>
#include <cstring>
#include <sstream>

#include "common/proc_files.h"

namespace sigtrace {
namespace {

// How kernfs (cgroup2's file system) encodes a handle: the node's 64-bit id.
constexpr int kFileIdKernfs = 0xfe;
constexpr uint64_t kRootCgroupId = 1;

// mountinfo writes a space as \040, a tab \011, a newline \012, a backslash \134.
std::string unescaped(std::string_view field) {
  std::string out;
  for (size_t i = 0; i < field.size(); ++i) {
    std::string_view digits = field.substr(i + 1, 3);
    bool octal = field[i] == '\\' && digits.size() == 3 &&
                 digits.find_first_not_of("01234567") == std::string_view::npos;
    if (!octal) {
      out += field[i];
      continue;
    }
    out += static_cast<char>((digits[0] - '0') * 64 + (digits[1] - '0') * 8 + (digits[2] - '0'));
    i += 3;
  }
  return out;
}

}  // namespace

// A line: "ID PARENT MAJ:MIN ROOT MOUNT_POINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPER".
std::string cgroup2_mount_point(std::string_view mountinfo) {
  std::istringstream lines{std::string(mountinfo)};
  std::string line;
  while (std::getline(lines, line)) {
    auto dash = line.find(" - ");
    if (dash == std::string::npos) continue;
    std::istringstream after(line.substr(dash + 3));
    std::string fstype;
    after >> fstype;
    if (fstype != "cgroup2") continue;
    std::istringstream before(line.substr(0, dash));
    std::string id, parent, device, root, mount_point;
    if (before >> id >> parent >> device >> root >> mount_point) return unescaped(mount_point);
  }
  return {};
}

CgroupById::CgroupById(const std::string& mountinfo_path)
    : mount_point_(cgroup2_mount_point(read_small_file(mountinfo_path))) {
  if (!mount_point_.empty())
    mount_.reset(::open(mount_point_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
}

std::optional<std::string> CgroupById::path_of(uint64_t cgroup_id) const {
  if (!mount_.valid() || cgroup_id == 0 || cgroup_id == kRootCgroupId) return std::nullopt;
  alignas(file_handle) unsigned char buffer[sizeof(file_handle) + sizeof(cgroup_id)] = {};
  auto* handle = reinterpret_cast<file_handle*>(buffer);
  handle->handle_bytes = sizeof(cgroup_id);
  handle->handle_type = kFileIdKernfs;
  std::memcpy(buffer + sizeof(file_handle), &cgroup_id, sizeof(cgroup_id));
  UniqueFd cgroup(::open_by_handle_at(mount_.get(), handle, O_PATH | O_CLOEXEC));
  if (!cgroup.valid()) return std::nullopt;
  char path[PATH_MAX];
  std::string link = "/proc/self/fd/" + std::to_string(cgroup.get());
  ssize_t length = ::readlink(link.c_str(), path, sizeof(path));
  if (length <= 0 || static_cast<size_t>(length) >= sizeof(path)) return std::nullopt;
  std::string_view found(path, static_cast<size_t>(length));
  // The mount point as this process sees it, then the cgroup's own path.
  if (mount_point_ != "/") {
    if (found.substr(0, mount_point_.size()) != mount_point_) return std::nullopt;
    found.remove_prefix(mount_point_.size());
  }
  if (found.empty() || found.front() != '/') return std::nullopt;
  return std::string(found);
}

}  // namespace sigtrace
