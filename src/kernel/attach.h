// Attaching loaded programs by file descriptor, however they were loaded.
// Each attachment is owned by the descriptor returned: closing it detaches.
#pragma once

#include <string>
#include <vector>

#include "common/unique_fd.h"

namespace sigtrace {

// A BTF-typed tracepoint (tp_btf): the program names its tracepoint itself.
// Throws Error(kAttach) or Error(kPermission) with the tracepoint's name.
UniqueFd attach_btf_tracepoint(int program_fd, const std::string& name);

// A classic tracepoint, by the perf event id tracefs gives it (tracefs.h),
// so that tracefs only has to be reachable for reading the id.
UniqueFd attach_tracepoint(int program_fd, int tracepoint_id, const std::string& name);

// Closes every attachment, all at once, and returns when all are gone.
// Letting go of a classic tracepoint waits for RCU grace periods (the kernel
// makes sure its probe no longer runs), 20 to 60 ms on a small VM, partly
// under a lock all tracepoints share: closed on threads of their own, part
// of the waits overlap (-k ended 470 ms after Ctrl-C, against 860 one
// after the other).
void detach_together(std::vector<UniqueFd> links);

}  // namespace sigtrace
