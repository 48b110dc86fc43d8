// Attaching loaded programs by file descriptor, however they were loaded.
// Each attachment is owned by the descriptor returned: closing it detaches.
#pragma once

#include <string>

#include "common/unique_fd.h"

namespace sigtrace {

// A BTF-typed tracepoint (tp_btf): the program names its tracepoint itself.
// Throws Error(kAttach) or Error(kPermission) with the tracepoint's name.
UniqueFd attach_btf_tracepoint(int program_fd, const std::string& name);

// A classic tracepoint, by the perf event id tracefs gives it (tracefs.h),
// so that tracefs only has to be reachable for reading the id.
UniqueFd attach_tracepoint(int program_fd, int tracepoint_id, const std::string& name);

}  // namespace sigtrace
