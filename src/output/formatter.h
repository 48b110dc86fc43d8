// Turning events into text: aligned columns, or one JSON object per event.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "output/event_context.h"
#include "output/fields.h"
#include "signal_event.h"

namespace sigtrace {

class EventFormatter {
 public:
  virtual ~EventFormatter() = default;
  // What comes before the first event (the column header).
  virtual void begin(std::string& out) = 0;
  // Appends one event, newline included.
  virtual void format(const sigtrace_event& event, std::string& out) = 0;
};

std::unique_ptr<EventFormatter> make_columns_formatter(std::vector<Field> fields,
                                                       EventContext& context);

// IG-compatible keys (timestamp, proc{...}, tpid, sig, error, ...) plus ours.
std::unique_ptr<EventFormatter> make_json_formatter(bool pretty, EventContext& context);

}  // namespace sigtrace
