// Pids as another pid namespace numbers them, translated to sigtrace's own.
// A kill(pid, 0) probe or a call refused with EPERM generates no signal, so
// the kernel names no target task; when the sender lives in a container's
// pid namespace, its pid argument is that namespace's number. The tasks of a
// namespace are read from /proc when an event asks, and the table is kept
// for a second: a container probing pids in a loop costs at most ten reads
// of /proc a second, not one per event.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace sigtrace {

// The last id of a /proc status file's NSpid line: the task's id in its own
// pid namespace. Nothing when the line is missing or malformed.
std::optional<int32_t> innermost_nspid(std::string_view status);

class PidnsTranslation {
 public:
  // proc_root: "/proc" (a test may point it elsewhere).
  explicit PidnsTranslation(std::string proc_root = "/proc");

  // The task that pid namespace `pidns_id` calls `nspid`, as our /proc
  // numbers it; nothing when no such task was found (gone, or newer than
  // the last read and read too recently to look again).
  std::optional<int32_t> to_ours(uint32_t pidns_id, int32_t nspid);

 private:
  struct Table {
    std::unordered_map<int32_t, int32_t> ours_of;
    std::chrono::steady_clock::time_point taken;
  };
  Table read_table(uint32_t pidns_id) const;

  std::string proc_root_;
  std::map<uint32_t, Table> tables_;
};

}  // namespace sigtrace
