// Appending numbers to an output buffer without allocating.
#pragma once

#include <charconv>
#include <concepts>
#include <string>

namespace sigtrace {

template <std::integral T>
void append_number(std::string& out, T value) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof(digits), value);
  out.append(digits, end);
}

}  // namespace sigtrace
