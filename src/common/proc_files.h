// Small reads of /proc that several modules make.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sigtrace {

// The entries of a directory whose names are positive numbers: the pids in
// /proc, the thread ids in /proc/PID/task.
std::vector<pid_t> numeric_entries(const std::string& dir);

// The inode of what path names (a namespace's id for /proc/PID/ns/*).
std::optional<uint64_t> inode_of(const std::string& path);

// A whole small file ("" when it cannot be read).
std::string read_small_file(const std::string& path);

}  // namespace sigtrace
