// Which signals pass the in-kernel filter.
#pragma once

#include <array>
#include <bitset>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "model/signal_names.h"

namespace sigtrace {

class SignalSet {
 public:
  static SignalSet all();  // 1..64 (not 0, the existence probe)

  void add(int sig) { bits_.set(static_cast<size_t>(sig)); }
  void remove(int sig) { bits_.reset(static_cast<size_t>(sig)); }
  bool contains(int sig) const {
    return sig >= 0 && sig <= kMaxSignal && bits_.test(static_cast<size_t>(sig));
  }
  bool empty() const { return bits_.none(); }
  // Bit n of the 128-bit pair is signal n, the layout of sigtrace_config.signals.
  std::array<uint64_t, 2> words() const;

 private:
  std::bitset<kMaxSignal + 1> bits_;
};

// "USR1,SIGTERM,9,rtmin+1": throws UsageError naming the entry that is no
// signal. Empty entries are errors too.
SignalSet parse_signal_list(std::string_view list);

// -s/--signal and -e/--exclude-signal together: nothing when neither is
// given, else the listed signals (all of 1..64 without -s) minus the
// excluded ones. Signal 0 only exists for kill-only mode.
std::optional<SignalSet> resolve_signal_filter(const std::optional<std::string>& include,
                                               const std::optional<std::string>& exclude,
                                               bool kill_only);

}  // namespace sigtrace
