// Turning events into text: aligned columns, or one JSON object per event.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "model/enriched_event.h"
#include "output/column_layout.h"
#include "output/fields.h"
#include "output/format_settings.h"

namespace sigtrace {

class EventFormatter {
 public:
  virtual ~EventFormatter() = default;
  // What comes before the first event (the column header).
  virtual void begin(std::string& out) = 0;
  // Appends one event, newline included.
  virtual void format(const EnrichedEvent& event, std::string& out) = 0;
};

// Columns laid out for a terminal (output/column_layout.h), or, from a list
// of fields, each at its own width as off a terminal.
std::unique_ptr<EventFormatter> make_columns_formatter(ColumnLayout layout,
                                                       const FormatSettings& settings);
std::unique_ptr<EventFormatter> make_columns_formatter(std::vector<Field> fields,
                                                       const FormatSettings& settings);

// IG-compatible keys (timestamp, proc{...}, tpid, sig, error, ...) plus ours.
std::unique_ptr<EventFormatter> make_json_formatter(bool pretty, const FormatSettings& settings);

}  // namespace sigtrace
