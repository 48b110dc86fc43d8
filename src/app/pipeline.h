// The stages after the kernel, in one direction: every record read is
// enriched and selected, and each selected event, up to --count, is handed
// to every sink: written as a line, counted for a table, for metrics.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "enrich/enricher.h"
#include "fate/fate_tracker.h"
#include "model/event_sink.h"
#include "output/formatter.h"
#include "output/output_stream.h"
#include "select/selection.h"
#include "transport/record_reader.h"

namespace sigtrace {

class Pipeline final : public RecordSink, public StorySink {
 public:
  // watched: the output whose reader going away ends the run; nullptr when
  // the run writes nothing that a reader waits for (top, -o none).
  Pipeline(Enricher& enricher, const Selection& selection, std::optional<uint64_t> limit,
           const OutputStream* watched = nullptr)
      : enricher_(enricher), selection_(selection), limit_(limit), watched_(watched) {}

  void add(EventSink& sink) { sinks_.push_back(&sink); }
  // Straight from the reader, or through fate/ with each signal's fate.
  void on_record(std::span<const std::byte> record) override { on_story(record, nullptr); }
  void on_story(std::span<const std::byte> record, const Fate* fate) override;
  // Before each read of the kernel's buffer: its first record has the
  // enrich stage catch up first.
  void next_batch() { caught_up_ = false; }

  bool done() const { return limit_reached() || (watched_ && watched_->closed()); }
  bool limit_reached() const { return limit_ && taken_ >= *limit_; }
  // Events selected and handed to every sink.
  uint64_t taken() const { return taken_; }
  // Events selected once the run had ended (the output was closed, or
  // --count was reached): handed to no sink.
  uint64_t refused() const { return refused_; }

 private:
  Enricher& enricher_;
  const Selection& selection_;
  std::optional<uint64_t> limit_;
  const OutputStream* watched_;
  std::vector<EventSink*> sinks_;
  uint64_t taken_ = 0;
  uint64_t refused_ = 0;
  bool caught_up_ = false;
};

// Each event as a line of text (columns or JSON), buffered in the output.
class EventWriter final : public EventSink {
 public:
  EventWriter(EventFormatter& formatter, OutputStream& output)
      : formatter_(formatter), output_(output) {}
  void take(const EnrichedEvent& event) override {
    formatter_.format(event, output_.buffer());
    output_.end_record();
    output_.flush_if_full();
  }

 private:
  EventFormatter& formatter_;
  OutputStream& output_;
};

}  // namespace sigtrace
