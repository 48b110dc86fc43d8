#include "metrics/metric_labels.h"

namespace sigtrace {

std::vector<MetricLabel> signal_labels(Mode mode, bool high_cardinality, bool with_fate) {
  std::vector<MetricLabel> labels = {{"signal", Field::kSig}};
  if (mode == Mode::kKillOnly) {
    labels.push_back({"error", Field::kError});
  } else {
    labels.push_back({"result", Field::kResult});
  }
  labels.push_back({"via", Field::kVia});
  if (with_fate) labels.push_back({"fate", Field::kFate});
  labels.push_back({"container", Field::kContainer});
  labels.push_back({"tcontainer", Field::kTcontainer});
  if (high_cardinality) {
    labels.push_back({"comm", Field::kComm});
    labels.push_back({"tcomm", Field::kTcomm});
  }
  return labels;
}

std::string_view label_value(std::string_view cell) {
  return cell == "-" ? std::string_view() : cell;
}

}  // namespace sigtrace
