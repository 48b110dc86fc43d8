// The two ways of tracing, never both at once (every kill would show twice).
#pragma once

namespace sigtrace {

enum class Mode {
  kGenerate,  // signal/signal_generate: every signal the kernel generates
  kKillOnly,  // the six signal syscalls, entry and exit: every call, failed ones too
};

// What a mode traces, in words: "signals (signal_generate)".
inline const char* mode_description(Mode mode) {
  return mode == Mode::kKillOnly
             ? "signal syscalls (kill, tkill, tgkill, sigqueue, pidfd_send_signal)"
             : "signals (signal_generate)";
}

}  // namespace sigtrace
