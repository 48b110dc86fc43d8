// What a run does with the events it selects, as its options ask: a line
// each on standard output, or counts (one table at the end for --summary,
// a live screen for top), and counts for Prometheus (--metrics); and what
// the enrich stage must look up for them.
#pragma once

#include <chrono>
#include <memory>

#include "app/pipeline.h"
#include "app/trace_options.h"
#include "count/tally.h"
#include "enrich/enricher.h"
#include "kernel/tracer.h"
#include "metrics/metrics_server.h"
#include "output/formatter.h"
#include "output/output_stream.h"
#include "select/container_selection.h"
#include "top/top_screen.h"

namespace sigtrace {

// Which container columns the defaults have.
struct ContainerColumns {
  bool containers = false;  // the host has a container runtime
  bool k8s = false;         // ... and Kubernetes pods
};

class EventStages {
 public:
  // Metrics are served from here on; a narrow terminal's left-out columns
  // are said.
  EventStages(const TraceOptions& options, const FormatSettings& settings, ContainerColumns shown,
              const ContainerSelection& selection, OutputStream& output);
  ~EventStages();

  EnrichmentNeeds needs() const { return needs_; }
  // The output whose reader going away ends the run; nullptr when the run
  // writes nothing anyone waits for (top, -o none).
  const OutputStream* watched() const;
  // Whether the end of run counts events written (a line each) or counted.
  bool writes_events() const { return writer_ != nullptr; }

  void connect(Pipeline& pipeline);
  // Before the first event: the column header, or top's screen taken.
  // Returns a descriptor the trace loop's wait should end on (top's keys),
  // or -1.
  int begin();
  // Once per round of the trace loop.
  void tick(const Tracer& tracer);
  // top's q.
  bool quit() const { return top_ && top_->quit(); }
  // After the last event: the summary's table, top's screen given back.
  void end();

 private:
  const TraceOptions& options_;
  std::string title_;
  OutputStream& output_;
  EnrichmentNeeds needs_{.containers = false, .user_names = false};
  std::unique_ptr<EventFormatter> formatter_;
  std::unique_ptr<EventWriter> writer_;
  std::unique_ptr<Tally> tally_;
  std::unique_ptr<MetricsServer> metrics_;
  std::unique_ptr<TopScreen> top_;
  std::chrono::steady_clock::time_point next_losses_;
  uint64_t lost_ = 0;
};

}  // namespace sigtrace
