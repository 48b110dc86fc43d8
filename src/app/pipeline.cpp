#include "app/pipeline.h"

#include "model/records.h"

namespace sigtrace {

void Pipeline::on_story(std::span<const std::byte> bytes, const Fate* fate) {
  const sigtrace_event* record = signal_record(bytes);
  if (!record) return;
  if (!caught_up_) {
    enricher_.catch_up();
    caught_up_ = true;
  }
  const EnrichedEvent& event = enricher_.enrich(*record, stack_of(bytes), fate);
  if (!selection_.keeps(event)) return;
  if (done()) {
    ++refused_;
    return;
  }
  for (EventSink* sink : sinks_)
    sink->take(event);
  ++taken_;
}

}  // namespace sigtrace
