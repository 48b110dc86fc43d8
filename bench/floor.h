// `sigbench --floor generate|kill-only`: the empty programs of floor.bpf.c
// attached where sigtrace attaches in that mode, until SIGINT.
#pragma once

#include <string>

namespace sigbench {

// Returns the process's exit status.
int run_floor(const std::string& mode);

}  // namespace sigbench
