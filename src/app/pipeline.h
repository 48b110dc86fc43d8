// The stages after the kernel, in one direction: every record read is
// enriched, selected, formatted and handed to the output, up to --count.
#pragma once

#include <cstdint>
#include <optional>

#include "enrich/enricher.h"
#include "output/formatter.h"
#include "output/output_stream.h"
#include "select/container_selection.h"
#include "transport/record_reader.h"

namespace sigtrace {

class Pipeline final : public RecordSink {
 public:
  Pipeline(Enricher& enricher, const ContainerSelection& selection, EventFormatter& formatter,
           OutputStream& output, std::optional<uint64_t> limit)
      : enricher_(enricher),
        selection_(selection),
        formatter_(formatter),
        output_(output),
        limit_(limit) {}

  void on_record(const sigtrace_event& record) override;
  // Before each read of the kernel's buffer: its first record has the
  // enrich stage catch up first.
  void next_batch() { caught_up_ = false; }

  bool done() const { return limit_reached() || output_.closed(); }
  bool limit_reached() const { return limit_ && formatted_ >= *limit_; }
  // Events formatted for output (some may never be written: OutputStream).
  uint64_t formatted() const { return formatted_; }
  // Events selected once the output had ended (it was closed, or --count
  // was reached): never formatted, never written.
  uint64_t refused() const { return refused_; }

 private:
  Enricher& enricher_;
  const ContainerSelection& selection_;
  EventFormatter& formatter_;
  OutputStream& output_;
  std::optional<uint64_t> limit_;
  uint64_t formatted_ = 0;
  uint64_t refused_ = 0;
  bool caught_up_ = false;
};

}  // namespace sigtrace
