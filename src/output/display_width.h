// How many columns a terminal gives to text that append_terminal_safe has
// written (valid UTF-8, nothing invisible left): East Asian wide and
// fullwidth characters take two, combining marks none, the rest one.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sigtrace {

size_t display_width(std::string_view safe_text);

// Cuts the text that starts at `start` in `out` to at most `width` columns,
// the last of them an ellipsis when something was cut. Returns the width
// left (never more than `width`).
size_t cut_to_width(std::string& out, size_t start, size_t width);

}  // namespace sigtrace
