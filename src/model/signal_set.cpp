#include "model/signal_set.h"

#include "common/comma_list.h"
#include "common/error.h"

namespace sigtrace {

SignalSet SignalSet::all() {
  SignalSet set;
  for (int sig = 1; sig <= kMaxSignal; ++sig)
    set.add(sig);
  return set;
}

std::array<uint64_t, 2> SignalSet::words() const {
  std::array<uint64_t, 2> words{};
  for (int sig = 0; sig <= kMaxSignal; ++sig) {
    if (contains(sig)) words[sig / 64] |= uint64_t{1} << (sig % 64);
  }
  return words;
}

SignalSet parse_signal_list(std::string_view whole_list) {
  SignalSet set;
  for (std::string_view entry : split_list(whole_list)) {
    auto sig = parse_signal(entry);
    if (!sig) {
      throw UsageError(entry.empty()
                           ? "empty entry in signal list '" + std::string(whole_list) + "'"
                           : "unknown signal '" + std::string(entry) +
                                 "' (use a name like USR1 or SIGTERM, or a number "
                                 "from 1 to 64)");
    }
    set.add(*sig);
  }
  return set;
}

std::optional<SignalSet> resolve_signal_filter(const std::optional<std::string>& include,
                                               const std::optional<std::string>& exclude,
                                               bool kill_only) {
  if (!include && !exclude) return std::nullopt;
  SignalSet set = include ? parse_signal_list(*include) : SignalSet::all();
  if (kill_only && !include) set.add(0);
  if (set.contains(0) && !kill_only) {
    throw UsageError("signal 0 never reaches signal_generate; use -k to see kill(pid, 0) probes");
  }
  if (exclude) {
    SignalSet excluded = parse_signal_list(*exclude);
    for (int sig = 0; sig <= kMaxSignal; ++sig) {
      if (excluded.contains(sig)) set.remove(sig);
    }
  }
  if (set.empty()) throw UsageError("the signal filter excludes every signal");
  return set;
}

}  // namespace sigtrace
