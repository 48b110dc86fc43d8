#include "mounts.h"

#include <sched.h>
#include <sys/mount.h>

namespace sigtrace::testing {

bool leave_tracefs_behind() {
  if (unshare(CLONE_NEWNS) != 0 || mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
    return false;
  umount2("/sys/kernel/tracing", MNT_DETACH);
  umount2("/sys/kernel/debug/tracing", MNT_DETACH);
  umount2("/sys/kernel/debug", MNT_DETACH);
  return true;
}

}  // namespace sigtrace::testing
