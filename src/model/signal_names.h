// Signal numbers <-> names, as kill -l prints them on Linux x86-64.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sigtrace {

inline constexpr int kMaxSignal = 64;

// "SIGUSR1", "SIGRTMIN+2", "SIG32"; "0" for the existence probe kill(pid, 0);
// the number itself for anything outside 0..64 (a kill() with a bad signal).
// The view stays valid until the next call on the same thread.
std::string_view signal_name(int sig);

// Accepts "USR1", "SIGUSR1", "sigusr1", "10", "RTMIN+2", "SIGRTMAX-1", "IOT".
// Returns nothing when the text names no signal in 0..64.
std::optional<int> parse_signal(std::string_view text);

}  // namespace sigtrace
