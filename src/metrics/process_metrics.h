// The process metrics every Prometheus client exports (prometheus-cpp has
// none): CPU time, memory, file descriptors and start time, read from
// /proc/self at each scrape.
#pragma once

#include <prometheus/collectable.h>
#include <prometheus/metric_family.h>

#include <vector>

namespace sigtrace {

class ProcessMetrics final : public prometheus::Collectable {
 public:
  std::vector<prometheus::MetricFamily> Collect() const override;
};

// /proc/self/stat's numbers after the command name, from field 3 (state)
// on, as in proc(5) less three: [11] utime, [12] stime, [19] starttime,
// [20] vsize, [21] rss. Empty when it cannot be parsed. For tests.
std::vector<unsigned long long> stat_numbers(const std::string& stat);

}  // namespace sigtrace
