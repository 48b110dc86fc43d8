// Making untrusted text (process names are chosen by the process) safe to
// print: nothing reaches a terminal raw, and JSON always parses.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/fixed_text.h"

namespace sigtrace {

// Appends text for a terminal. Printable UTF-8 passes; control characters
// and bytes that are not UTF-8 become \xNN, C1 controls and invisible or
// direction-changing characters become \uNNNN, and a backslash is doubled so
// that an escape in the output always means an escape.
void append_terminal_safe(std::string& out, std::string_view text);

// Appends a JSON string literal, quotes included. Bytes that are not UTF-8
// become U+FFFD; control characters, U+2028 and U+2029 are \u-escaped.
void append_json_string(std::string& out, std::string_view text);

// The most that append_json_string() writes for text of this size: every
// byte may become a six-character escape.
constexpr size_t json_string_room(size_t size) {
  return 2 + 6 * size;
}
// The same, to `at`, which has json_string_room(text.size()) bytes of room;
// returns the end of what it wrote.
char* write_json_string(char* at, std::string_view text);

}  // namespace sigtrace
