// The two ways of tracing, never both at once (every kill would show twice).
#pragma once

namespace sigtrace {

enum class Mode {
  kGenerate,  // signal/signal_generate: every signal the kernel generates
  kKillOnly,  // kill/tkill/tgkill entry and exit: every call, failed ones too
};

}  // namespace sigtrace
