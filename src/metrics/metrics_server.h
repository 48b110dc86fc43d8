// --metrics ADDR:PORT: Prometheus metrics over HTTP at /metrics while
// tracing, served by prometheus-cpp's exposer on threads of its own:
// sigtrace_signals_total by low-cardinality labels (metrics/metric_labels.h),
// sigtrace_lost_events_total, and the process metrics.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "model/event_sink.h"
#include "output/format_settings.h"

namespace sigtrace {

struct MetricsOptions {
  std::string address;  // "127.0.0.1:9464", "[::1]:9464", "0.0.0.0:9464"; port 0: any free one
  bool high_cardinality = false;  // comm and tcomm labels too
};

class MetricsServer final : public EventSink {
 public:
  // Listening once constructed; throws Error when the address cannot be had.
  MetricsServer(const MetricsOptions& options, const FormatSettings& settings);
  ~MetricsServer() override;
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  void take(const EnrichedEvent& event) override;
  // The losses so far (they only grow).
  void set_lost(uint64_t lost);
  // Where a scraper finds it: "http://127.0.0.1:9464/metrics".
  std::string url() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sigtrace
