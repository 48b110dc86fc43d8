#include "inspect/attach_point.h"

#include <utility>

namespace sigtrace::inspect {
namespace {

// Section prefixes whose remainder names what the program attaches to, with
// the attach type spelled out where libbpf accepts an abbreviation.
constexpr std::pair<std::string_view, std::string_view> kTargetedPrefixes[] = {
    {"tracepoint", "tracepoint"},
    {"tp", "tracepoint"},
    {"raw_tracepoint", "raw_tracepoint"},
    {"raw_tp", "raw_tracepoint"},
    {"raw_tracepoint.w", "raw_tracepoint.w"},
    {"raw_tp.w", "raw_tracepoint.w"},
    {"tp_btf", "tp_btf"},
    {"kprobe", "kprobe"},
    {"kretprobe", "kretprobe"},
    {"kprobe.multi", "kprobe.multi"},
    {"kretprobe.multi", "kretprobe.multi"},
    {"ksyscall", "ksyscall"},
    {"kretsyscall", "kretsyscall"},
    {"uprobe", "uprobe"},
    {"uretprobe", "uretprobe"},
    {"uprobe.s", "uprobe.s"},
    {"uretprobe.s", "uretprobe.s"},
    {"usdt", "usdt"},
    {"fentry", "fentry"},
    {"fexit", "fexit"},
    {"fmod_ret", "fmod_ret"},
    {"fentry.s", "fentry.s"},
    {"fexit.s", "fexit.s"},
    {"fmod_ret.s", "fmod_ret.s"},
    {"lsm", "lsm"},
    {"lsm.s", "lsm.s"},
    {"lsm_cgroup", "lsm_cgroup"},
    {"iter", "iter"},
    {"iter.s", "iter.s"},
    {"freplace", "freplace"},
    {"struct_ops", "struct_ops"},
};

}  // namespace

AttachPoint attach_point(std::string_view section) {
  size_t slash = section.find('/');
  if (slash != std::string_view::npos) {
    std::string_view prefix = section.substr(0, slash);
    for (const auto& [known, type] : kTargetedPrefixes) {
      if (prefix != known) continue;
      std::string_view rest = section.substr(slash + 1);
      if (rest.empty()) return {std::string(type), std::nullopt};
      return {std::string(type), std::string(rest)};
    }
  }
  // Everything else (xdp, tc, socket, cgroup/connect4, ...) is a type only.
  return {std::string(section), std::nullopt};
}

}  // namespace sigtrace::inspect
