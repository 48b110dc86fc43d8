// The labels of sigtrace_signals_total, each the text of one field. Few
// values each by default (signals, results, containers), so that a fleet's
// Prometheus keeps few series; command names only when asked for.
#pragma once

#include <string_view>
#include <vector>

#include "common/mode.h"
#include "output/fields.h"

namespace sigtrace {

struct MetricLabel {
  std::string_view name;
  Field field;
};

// signal, result (error with -k), container, tcontainer; comm and tcomm
// with high_cardinality.
std::vector<MetricLabel> signal_labels(Mode mode, bool high_cardinality, bool with_fate = false);

// A label's value from a cell of the columns output: "" where the columns
// show "-" (the host's container, no error).
std::string_view label_value(std::string_view cell);

}  // namespace sigtrace
