// A cgroup's path from its id, as the kernel reports it in an event: the
// unified (v2) hierarchy's directories are named by their inode number, and
// the kernel opens one by that number as a file handle. A container's cgroup
// outlives its last process until the runtime cleans up (a podman container's
// by a quarter of a second here), so it names the container of an event read
// after the container's processes were gone.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/unique_fd.h"

namespace sigtrace {

class CgroupById {
 public:
  // Finds the unified hierarchy in mountinfo (no cgroup2 mount: finds nothing).
  explicit CgroupById(const std::string& mountinfo_path = "/proc/self/mountinfo");

  // "/libpod_parent/libpod-<id>", relative to the hierarchy's root; nothing
  // when the cgroup is gone, or the id is 0 or the hierarchy's root.
  std::optional<std::string> path_of(uint64_t cgroup_id) const;

 private:
  std::string mount_point_;
  UniqueFd mount_;
};

// The mount point of the first cgroup2 file system in mountinfo text
// ("/sys/fs/cgroup", or "/sys/fs/cgroup/unified" on a hybrid host); empty
// when none is mounted.
std::string cgroup2_mount_point(std::string_view mountinfo);

}  // namespace sigtrace
