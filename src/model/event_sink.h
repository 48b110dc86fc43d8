// What a selected event is handed to: written out as a line, counted for a
// table, counted for metrics. Each stage reads the event, never changes it.
#pragma once

#include "model/enriched_event.h"

namespace sigtrace {

class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual void take(const EnrichedEvent& event) = 0;
};

}  // namespace sigtrace
