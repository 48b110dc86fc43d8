// Wall-clock times for events, in local time. The calendar part is computed
// once per second, not once per event.
#pragma once

#include <cstdint>
#include <string>

#include "output/text_cursor.h"

namespace sigtrace {

// A span of time, short: "850ns", "35µs", "1.2ms", "10.0s", "3m12s".
void append_duration(std::string& out, uint64_t ns);

class TimeFormat {
 public:
  // "14:03:27.123456"
  void append_clock(std::string& out, uint64_t wall_ns);
  // "2026-11-24T14:03:27.123456789Z", or "...+01:00" away from UTC.
  void append_rfc3339(std::string& out, uint64_t wall_ns);
  void append_rfc3339(TextCursor& out, uint64_t wall_ns);

 private:
  void refresh(int64_t second);

  int64_t second_ = -1;
  std::string date_;    // "2026-11-24T"
  std::string clock_;   // "14:03:27"
  std::string offset_;  // "Z" or "+01:00"
};

}  // namespace sigtrace
