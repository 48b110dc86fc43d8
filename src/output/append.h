// Appending numbers to an output buffer without allocating.
#pragma once

#include <charconv>
#include <concepts>
#include <string>
#include <string_view>

namespace sigtrace {

template <std::integral T>
void append_number(std::string& out, T value) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof(digits), value);
  // (pointer, count), not an iterator pair: libstdc++ takes the pair
  // through its general replace.
  out.append(digits, static_cast<size_t>(end - digits));
}

// A name where the tables have one (an si_code, an errno), else the number.
inline void append_name_or_number(std::string& out, std::string_view name, int number) {
  if (name.empty()) {
    append_number(out, number);
  } else {
    out.append(name);
  }
}

}  // namespace sigtrace
