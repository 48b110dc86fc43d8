// The two ways of tracing, never both at once (every kill would show twice).
#pragma once

namespace sigtrace {

enum class Mode {
  kGenerate,  // signal/signal_generate: every signal the kernel generates
  kKillOnly,  // the six signal syscalls, entry and exit: every call, failed ones too
};

}  // namespace sigtrace
