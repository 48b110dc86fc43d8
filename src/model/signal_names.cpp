#include "model/signal_names.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

namespace sigtrace {
namespace {

// Index = signal number; the classic signals of x86-64 Linux.
constexpr std::array<std::string_view, 32> kClassic = {
    "0",         "SIGHUP",  "SIGINT",    "SIGQUIT", "SIGILL",   "SIGTRAP", "SIGABRT", "SIGBUS",
    "SIGFPE",    "SIGKILL", "SIGUSR1",   "SIGSEGV", "SIGUSR2",  "SIGPIPE", "SIGALRM", "SIGTERM",
    "SIGSTKFLT", "SIGCHLD", "SIGCONT",   "SIGSTOP", "SIGTSTP",  "SIGTTIN", "SIGTTOU", "SIGURG",
    "SIGXCPU",   "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO",   "SIGPWR",  "SIGSYS",
};

struct Alias {
  std::string_view name;
  int sig;
};
constexpr std::array<Alias, 3> kAliases = {{{"IOT", 6}, {"POLL", 29}, {"CLD", 17}}};

// glibc keeps 32 and 33 for itself; user-visible real-time signals start at 34.
constexpr int kRtMin = 34;

std::optional<int> parse_number(std::string_view text) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<int> parse_realtime(std::string_view name) {
  auto offset_of = [&](std::string_view base) -> std::optional<int> {
    if (!name.starts_with(base)) return std::nullopt;
    std::string_view rest = name.substr(base.size());
    if (rest.empty()) return 0;
    if (rest[0] != '+' && rest[0] != '-') return std::nullopt;
    auto n = parse_number(rest.substr(1));
    if (!n || rest.size() < 2 || *n < 0 || *n > kMaxSignal) return std::nullopt;
    return rest[0] == '+' ? *n : -*n;
  };
  if (auto off = offset_of("RTMIN")) return kRtMin + *off;
  if (auto off = offset_of("RTMAX")) return kMaxSignal + *off;
  return std::nullopt;
}

std::string compute_name(int sig) {
  if (sig < static_cast<int>(kClassic.size())) return std::string(kClassic[sig]);
  if (sig == 32 || sig == 33) return "SIG" + std::to_string(sig);
  if (sig == kRtMin) return "SIGRTMIN";
  if (sig == kMaxSignal) return "SIGRTMAX";
  // Like kill -l: the lower half counts up from RTMIN, the upper half down from RTMAX.
  if (sig <= (kRtMin + kMaxSignal) / 2) return "SIGRTMIN+" + std::to_string(sig - kRtMin);
  return "SIGRTMAX-" + std::to_string(kMaxSignal - sig);
}

const std::array<std::string, kMaxSignal + 1>& name_table() {
  static const auto table = [] {
    std::array<std::string, kMaxSignal + 1> names;
    for (int sig = 0; sig <= kMaxSignal; ++sig)
      names[sig] = compute_name(sig);
    return names;
  }();
  return table;
}

}  // namespace

std::string_view signal_name(int sig) {
  if (sig >= 0 && sig <= kMaxSignal) return name_table()[sig];
  thread_local std::string number;
  number = std::to_string(sig);
  return number;
}

std::optional<int> parse_signal(std::string_view text) {
  if (text.empty()) return std::nullopt;
  if (auto n = parse_number(text)) {
    if (*n < 0 || *n > kMaxSignal) return std::nullopt;
    return n;
  }
  std::string name(text);
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  std::string_view bare(name);
  if (bare.starts_with("SIG")) bare.remove_prefix(3);
  if (bare.empty()) return std::nullopt;
  for (int sig = 1; sig < static_cast<int>(kClassic.size()); ++sig) {
    if (kClassic[sig].substr(3) == bare) return sig;
  }
  for (const auto& alias : kAliases) {
    if (alias.name == bare) return alias.sig;
  }
  if (auto sig = parse_realtime(bare); sig && *sig >= kRtMin && *sig <= kMaxSignal) return sig;
  if (auto n = parse_number(bare); n && (*n == 32 || *n == 33)) return n;
  return std::nullopt;
}

}  // namespace sigtrace
