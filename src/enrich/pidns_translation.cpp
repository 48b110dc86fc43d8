#include "enrich/pidns_translation.h"

#include <charconv>

#include "common/proc_files.h"

namespace sigtrace {
namespace {

constexpr auto kTableLifetime = std::chrono::seconds(1);
// A miss may be a task newer than the table: read again, but not at once.
constexpr auto kRereadAfter = std::chrono::milliseconds(100);
constexpr size_t kMaxTables = 256;

}  // namespace

std::optional<int32_t> innermost_nspid(std::string_view status) {
  constexpr std::string_view kKey = "\nNSpid:";
  size_t at = status.find(kKey);
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view line = status.substr(at + kKey.size());
  line = line.substr(0, line.find('\n'));
  size_t last = line.find_last_not_of(" \t");
  if (last == std::string_view::npos) return std::nullopt;
  line = line.substr(0, last + 1);
  size_t start = line.find_last_of(" \t");
  line = start == std::string_view::npos ? line : line.substr(start + 1);
  int32_t nspid = 0;
  auto [end, ec] = std::from_chars(line.data(), line.data() + line.size(), nspid);
  if (ec != std::errc() || end != line.data() + line.size() || nspid <= 0) return std::nullopt;
  return nspid;
}

PidnsTranslation::PidnsTranslation(std::string proc_root) : proc_root_(std::move(proc_root)) {}

PidnsTranslation::Table PidnsTranslation::read_table(uint32_t pidns_id) const {
  Table table;
  table.taken = std::chrono::steady_clock::now();
  for (pid_t pid : numeric_entries(proc_root_)) {
    std::string process = proc_root_ + "/" + std::to_string(pid);
    if (inode_of(process + "/ns/pid") != pidns_id) continue;
    // Every thread: tkill and tgkill name threads.
    for (pid_t tid : numeric_entries(process + "/task")) {
      std::string status = read_small_file(process + "/task/" + std::to_string(tid) + "/status");
      if (auto nspid = innermost_nspid(status)) table.ours_of[*nspid] = tid;
    }
  }
  return table;
}

std::optional<int32_t> PidnsTranslation::to_ours(uint32_t pidns_id, int32_t nspid) {
  auto now = std::chrono::steady_clock::now();
  auto it = tables_.find(pidns_id);
  bool stale = it == tables_.end() || now - it->second.taken > kTableLifetime;
  bool missing = it != tables_.end() && !it->second.ours_of.count(nspid);
  if (stale || (missing && now - it->second.taken > kRereadAfter)) {
    if (tables_.size() >= kMaxTables) tables_.clear();
    it = tables_.insert_or_assign(pidns_id, read_table(pidns_id)).first;
  }
  auto found = it->second.ours_of.find(nspid);
  if (found == it->second.ours_of.end()) return std::nullopt;
  return found->second;
}

}  // namespace sigtrace
