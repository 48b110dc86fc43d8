#include "model/fate.h"

#include <algorithm>
#include <utility>

namespace sigtrace {

std::string_view fate_name(FateKind kind) {
  return fate_names()[static_cast<size_t>(kind)];
}

const std::vector<std::string_view>& fate_names() {
  static const std::vector<std::string_view> names = {
      "handled", "ignored", "terminated", "core_dumped", "stopped",   "continued",
      "merged",  "dropped", "discarded",  "pending",     "unfollowed"};
  return names;
}

void append_fate_summary(std::string& out, const Fate& fate) {
  // Kinds in the order they first appear, each with how many.
  std::vector<std::pair<FateKind, size_t>> counts;
  for (const TargetFate& target : fate.targets) {
    auto found = std::find_if(counts.begin(), counts.end(),
                              [&](const auto& entry) { return entry.first == target.kind; });
    if (found == counts.end()) {
      counts.emplace_back(target.kind, 1);
    } else {
      ++found->second;
    }
  }
  for (size_t i = 0; i < counts.size(); ++i) {
    if (i > 0) out.push_back(',');
    out.append(fate_name(counts[i].first));
    if (counts[i].second > 1) out.append("×" + std::to_string(counts[i].second));
  }
}

bool is_death(FateKind kind) {
  return kind == FateKind::kTerminated || kind == FateKind::kCoreDumped;
}

bool has_death(const Fate& fate) {
  return std::any_of(fate.targets.begin(), fate.targets.end(),
                     [](const TargetFate& target) { return is_death(target.kind); });
}

}  // namespace sigtrace
