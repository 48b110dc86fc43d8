#include "enrich/proc_target_names.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "common/fixed_text.h"
#include "common/proc_files.h"

namespace sigtrace {
namespace {

constexpr auto kReadingLifetime = std::chrono::seconds(1);
constexpr size_t kMaxReadings = 4096;

uint32_t pidns_of(const std::string& proc_root) {
  return static_cast<uint32_t>(inode_of(proc_root + "/self/ns/pid").value_or(0));
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
    : proc_root_(std::move(proc_root)),
      own_pidns_id_(pidns_of(proc_root_)),
      translation_(proc_root_) {}

bool ProcTargetNames::wants(const sigtrace_event& record) const {
  // pidfd_send_signal: the kernel read the process behind the pidfd, by
  // host number.
  if (record.source == SIGTRACE_SOURCE_PIDFD_SEND_SIGNAL) {
    return record.ntargets == 0 && record.target.tid > 0 && record.target.comm[0] == '\0';
  }
  return record.source != SIGTRACE_SOURCE_GENERATE && record.ntargets == 0 && record.pid_arg > 0 &&
         (record.error == 0 || record.error == EPERM || record.error == EINVAL) &&
         own_pidns_id_ != 0 && record.sender.pidns_id != 0;
}

ProcTargetNames::Reading ProcTargetNames::read(int32_t tgid, int32_t tid) const {
  std::string path = tgid > 0
                         ? proc_root_ + "/" + std::to_string(tgid) + "/task/" + std::to_string(tid)
                         : proc_root_ + "/" + std::to_string(tid);
  Reading reading;
  reading.taken = std::chrono::steady_clock::now();
  reading.found = read_comm(path + "/comm", reading.comm);
  if (reading.found) reading.mntns_id = inode_of(path + "/ns/mnt").value_or(0);
  return reading;
}

std::optional<std::pair<int32_t, int32_t>> ProcTargetNames::our_ids(const sigtrace_event& record) {
  // Host numbers, as the kernel read them.
  if (record.source == SIGTRACE_SOURCE_PIDFD_SEND_SIGNAL) {
    return std::make_pair(0, static_cast<int32_t>(record.target.tid));
  }
  bool names_process =
      record.source == SIGTRACE_SOURCE_TGKILL || record.source == SIGTRACE_SOURCE_RT_TGSIGQUEUEINFO;
  int32_t tgid = names_process ? record.tgid_arg : 0;
  int32_t tid = record.pid_arg;
  if (record.sender.pidns_id == own_pidns_id_) return std::make_pair(tgid, tid);
  std::optional<int32_t> our_tid = translation_.to_ours(record.sender.pidns_id, tid);
  std::optional<int32_t> our_tgid = 0;
  if (tgid > 0) our_tgid = translation_.to_ours(record.sender.pidns_id, tgid);
  if (!our_tid || !our_tgid) return std::nullopt;
  return std::make_pair(*our_tgid, *our_tid);
}

std::optional<KnownTarget> ProcTargetNames::find(const sigtrace_event& record) {
  auto ids = our_ids(record);
  if (!ids) return std::nullopt;
  auto [tgid, tid] = *ids;
  auto key = std::make_pair(tgid, tid);
  auto now = std::chrono::steady_clock::now();
  auto it = recent_.find(key);
  if (it == recent_.end() || now - it->second.taken > kReadingLifetime) {
    if (recent_.size() >= kMaxReadings) recent_.clear();
    it = recent_.insert_or_assign(key, read(tgid, tid)).first;
  }
  const Reading& reading = it->second;
  if (!reading.found) return std::nullopt;
  KnownTarget target;
  target.tid = static_cast<uint32_t>(tid);
  target.mntns_id = reading.mntns_id;
  target.comm = fixed_text(reading.comm);
  target.from_proc = true;
  return target;
}

}  // namespace sigtrace
