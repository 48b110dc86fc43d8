// Attaching a tracepoint program by perf event id, so that tracefs only has
// to be reachable for reading the id (see tracefs.h), not at attach time.
#pragma once

#include <string>

#include "loader/bpf_link.h"

namespace sigtrace {

// Throws Error(kAttach) or Error(kPermission) with the tracepoint's name.
BpfLink attach_tracepoint(bpf_program* program, int tracepoint_id, const std::string& name);

}  // namespace sigtrace
