#include "enrich/proc_target_names.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace sigtrace {
namespace {

constexpr auto kReadingLifetime = std::chrono::seconds(1);
constexpr size_t kMaxReadings = 4096;

uint32_t pidns_of(const std::string& proc_root) {
  struct stat st {};
  if (::stat((proc_root + "/self/ns/pid").c_str(), &st) != 0) return 0;
  return static_cast<uint32_t>(st.st_ino);
}

// Reads a comm file into a fixed-size field; false if it is gone.
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

ProcTargetNames::Reading ProcTargetNames::read(int32_t tgid, int32_t tid) const {
  std::string path = tgid > 0
                         ? proc_root_ + "/" + std::to_string(tgid) + "/task/" + std::to_string(tid)
                         : proc_root_ + "/" + std::to_string(tid);
  Reading reading;
  reading.taken = std::chrono::steady_clock::now();
  reading.found = read_comm(path + "/comm", reading.comm);
  struct stat st {};
  if (reading.found && ::stat((path + "/ns/mnt").c_str(), &st) == 0) reading.mntns_id = st.st_ino;
  return reading;
}

void ProcTargetNames::fill(sigtrace_event& event) {
  int32_t tgid = event.source == SIGTRACE_SOURCE_TGKILL ? event.tgid_arg : 0;
  auto key = std::make_pair(tgid, event.tpid);
  auto now = std::chrono::steady_clock::now();
  auto it = recent_.find(key);
  if (it == recent_.end() || now - it->second.taken > kReadingLifetime) {
    if (recent_.size() >= kMaxReadings) recent_.clear();
    it = recent_.insert_or_assign(key, read(tgid, event.tpid)).first;
  }
  const Reading& reading = it->second;
  if (!reading.found) return;
  std::memcpy(event.tcomm, reading.comm, sizeof(event.tcomm));
  event.target_tid = static_cast<uint32_t>(event.tpid);
  event.target_mntns_id = reading.mntns_id;
}

}  // namespace sigtrace
