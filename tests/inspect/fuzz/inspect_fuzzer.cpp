// libFuzzer target: any bytes, read as a BPF object, analyzed and rendered in
// every format. The only acceptable failure is sigtrace::Error(kBadObject)
// with a one-line message; anything else (a crash, a sanitizer report,
// another exception, a hang) is a bug.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "common/error.h"
#include "inspect/inspection.h"
#include "inspect/render.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sigtrace::inspect;
  try {
    Inspection inspection = inspect_object(std::vector<uint8_t>(data, data + size), "fuzz.bpf.o");
    for (Format format : {Format::kMermaid, Format::kMarkdown, Format::kJson}) {
      for (bool all : {false, true})
        render(inspection, {format, all, "sigtrace inspect"});
    }
  } catch (const sigtrace::Error& e) {
    if (e.status() != sigtrace::ExitStatus::kBadObject) std::abort();
    if (std::strchr(e.what(), '\n') != nullptr) std::abort();
  }
  return 0;
}
