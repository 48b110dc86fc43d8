#include "app/pipeline.h"

namespace sigtrace {

void Pipeline::on_record(const sigtrace_event& record) {
  const EnrichedEvent& event = enricher_.enrich(record);
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
