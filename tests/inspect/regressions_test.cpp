// Inputs the fuzzer once crashed the inspector with (tests/inspect/regressions),
// replayed on every test run: each must be inspected or cleanly rejected.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "common/error.h"
#include "inspect/inspection.h"
#include "inspect/render.h"
#include "test_paths.h"

namespace sigtrace::inspect {
namespace {

TEST(FuzzRegressions, AreInspectedOrRejected) {
  std::filesystem::path directory = std::string(INSPECT_TEST_DIR) + "/regressions";
  int replayed = 0;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    if (!entry.is_regular_file() || entry.path().extension() == ".md") continue;
    SCOPED_TRACE(entry.path().filename().string());
    try {
      Inspection inspection =
          inspect_object(test::read_bytes(entry.path().string()), "regression.bpf.o");
      for (Format format : {Format::kMermaid, Format::kMarkdown, Format::kJson}) {
        for (bool all : {false, true})
          render(inspection, {format, all, "sigtrace inspect"});
      }
    } catch (const Error& e) {
      EXPECT_EQ(e.status(), ExitStatus::kBadObject) << e.what();
    }
    ++replayed;
  }
  RecordProperty("replayed", replayed);
}

}  // namespace
}  // namespace sigtrace::inspect
