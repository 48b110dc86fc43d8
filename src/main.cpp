// sigtrace: who sent which signal to whom, and what became of it.
#include <cstdio>
#include <exception>

#include "app/trace_command.h"
#include "cli/options.h"
#include "common/error.h"

int main(int argc, char** argv) {
  using sigtrace::ExitStatus;
  try {
    auto parsed = sigtrace::parse_command_line(argc, argv);
    if (parsed.inspect) return sigtrace::run_inspect(*parsed.inspect);
    if (parsed.trace) return sigtrace::run_trace(*parsed.trace);
    return static_cast<int>(ExitStatus::kOk);
  } catch (const sigtrace::Error& e) {
    std::fprintf(stderr, "sigtrace: %s\n", e.what());
    return static_cast<int>(e.status());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sigtrace: %s\n", e.what());
    return static_cast<int>(ExitStatus::kRuntime);
  }
}
