// The end of the pipeline: each event read is completed (target names from
// /proc), selected (containers), formatted and buffered for output.
#pragma once

#include <cstdint>
#include <optional>

#include "app/container_tracking.h"
#include "enrich/proc_target_names.h"
#include "output/formatter.h"
#include "output/output_stream.h"
#include "transport/event_reader.h"

namespace sigtrace {

// Completes, selects, formats and buffers every event, up to --count.
class WritingSink final : public EventSink {
 public:
  WritingSink(EventFormatter& formatter, OutputStream& output, ContainerTracking& containers,
              std::optional<uint64_t> limit)
      : formatter_(formatter), output_(output), containers_(containers), limit_(limit) {}

  void on_event(const sigtrace_event& event) override;
  bool done() const { return limit_reached() || output_.closed(); }
  bool limit_reached() const { return limit_ && written_ >= *limit_; }
  // Events formatted for output (some may never be written: OutputStream).
  uint64_t written() const { return written_; }
  // Events read once output had ended: the output was closed, or --count
  // was reached. Never formatted, never written.
  uint64_t refused() const { return refused_; }

 private:
  void write(const sigtrace_event& event);

  EventFormatter& formatter_;
  ProcTargetNames target_names_;
  OutputStream& output_;
  ContainerTracking& containers_;
  std::optional<uint64_t> limit_;
  uint64_t written_ = 0;
  uint64_t refused_ = 0;
};

}  // namespace sigtrace
