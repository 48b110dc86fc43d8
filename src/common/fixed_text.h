// The kernel's fixed-size char fields (comm) as text.
#pragma once

#include <cstddef>
#include <string_view>

namespace sigtrace {

// Up to the field's first NUL, or all of it.
template <size_t N>
std::string_view fixed_text(const char (&field)[N]) {
  size_t length = 0;
  while (length < N && field[length] != '\0')
    ++length;
  return {field, length};
}

}  // namespace sigtrace
