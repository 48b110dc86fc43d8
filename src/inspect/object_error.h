// The one way the inspect code reports an object it cannot read.
#pragma once

#include <string>

#include "common/error.h"

namespace sigtrace::inspect {

// `text` with control characters (names from a corrupt file may hold
// newlines) replaced, so that an error always prints as one line.
inline std::string one_line(std::string text) {
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  return text;
}

[[noreturn]] inline void throw_bad_object(const std::string& message) {
  throw Error(ExitStatus::kBadObject, one_line(message));
}

}  // namespace sigtrace::inspect
