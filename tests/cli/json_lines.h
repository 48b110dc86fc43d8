// What the CLI tests share: the line sigtrace prints once it traces, and
// its JSON output parsed line by line.
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <vector>

#include "subprocess.h"

namespace sigtrace::testing {

inline constexpr const char* kReady = "Ctrl-C to stop";

inline std::vector<nlohmann::json> parse_lines(const Subprocess& process) {
  std::vector<nlohmann::json> objects;
  for (const auto& line : process.out_lines()) {
    auto parsed = nlohmann::json::parse(line, nullptr, false);
    EXPECT_FALSE(parsed.is_discarded()) << "not JSON: " << line;
    objects.push_back(parsed);
  }
  return objects;
}

}  // namespace sigtrace::testing
