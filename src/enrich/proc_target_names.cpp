#include "enrich/proc_target_names.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace sigtrace {
namespace {

uint32_t pidns_of(const std::string& proc_root) {
  struct stat st {};
  if (::stat((proc_root + "/self/ns/pid").c_str(), &st) != 0) return 0;
  return static_cast<uint32_t>(st.st_ino);
}

// Reads a comm file into the event's fixed-size field; false if it is gone.
bool read_comm(const std::string& path, char (&comm)[SIGTRACE_COMM_LEN]) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char text[SIGTRACE_COMM_LEN + 1];
  ssize_t n = ::read(fd, text, sizeof(text));
  ::close(fd);
  if (n <= 0) return false;
  size_t length = static_cast<size_t>(n);
  if (text[length - 1] == '\n') --length;
  length = std::min(length, sizeof(comm) - 1);
  std::memset(comm, 0, sizeof(comm));
  std::memcpy(comm, text, length);
  return true;
}

}  // namespace

ProcTargetNames::ProcTargetNames(std::string proc_root)
    : proc_root_(std::move(proc_root)), own_pidns_id_(pidns_of(proc_root_)) {}

bool ProcTargetNames::wants(const sigtrace_event& event) const {
  return event.source != SIGTRACE_SOURCE_GENERATE && event.ntargets == 0 && event.tpid > 0 &&
         (event.error == 0 || event.error == EPERM) && own_pidns_id_ != 0 &&
         event.pidns_id == own_pidns_id_;
}

void ProcTargetNames::fill(sigtrace_event& event) const {
  std::string tid = std::to_string(event.tpid);
  std::string path = event.source == SIGTRACE_SOURCE_TGKILL
                         ? proc_root_ + "/" + std::to_string(event.tgid_arg) + "/task/" + tid
                         : proc_root_ + "/" + tid;
  if (!read_comm(path + "/comm", event.tcomm)) return;
  event.target_tid = static_cast<uint32_t>(event.tpid);
  struct stat st {};
  if (::stat((path + "/ns/mnt").c_str(), &st) == 0) event.target_mntns_id = st.st_ino;
}

}  // namespace sigtrace
