// Each fixture object against its expected diagrams and JSON, with and
// without --all. Regenerate with `ninja inspect_update_expected` and review
// the diff: the expected files are the specification.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "inspect/inspect_command.h"
#include "test_paths.h"

namespace sigtrace::inspect {
namespace {

const char* const kFixtures[] = {"map_verbs",   "tracking", "subprograms", "shared_maps",
                                 "legacy_maps", "no_maps",  "no_programs", "merged_call"};

// Expected file suffix: how sigtrace inspect was run to make it.
const char* const kVariants[] = {"mermaid", "all.mermaid", "json", "all.json"};

std::vector<std::string> expected_files() {
  std::vector<std::string> files;
  for (const char* fixture : kFixtures) {
    for (const char* variant : kVariants)
      files.push_back(std::string(fixture) + "." + variant);
  }
  return files;
}

// Parameter: an expected file's name, "<fixture>.<variant>".
class FixtureOutput : public testing::TestWithParam<std::string> {};

TEST_P(FixtureOutput, MatchesExpected) {
  const std::string& expected = GetParam();
  std::string fixture = expected.substr(0, expected.find('.'));
  std::string variant = expected.substr(fixture.size() + 1);
  InspectCommand command;
  command.file = test::fixture_object(fixture);
  command.format = variant.ends_with("json") ? "json" : "mermaid";
  command.all = variant.starts_with("all.");
  EXPECT_EQ(inspect_output(command), test::read_text(test::expected_path(expected)))
      << "expected/" << expected << " differs; see the header of fixtures_test.cpp";
}

std::string test_name(const testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  for (char& c : name) {
    if (c == '.') c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Fixtures, FixtureOutput, testing::ValuesIn(expected_files()), test_name);

}  // namespace
}  // namespace sigtrace::inspect
