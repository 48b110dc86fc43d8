// sigtrace: who sent which signal to whom, and what became of it.
#include <cstdio>
#include <exception>

#include "cli/commands.h"
#include "common/error.h"

int main(int argc, char** argv) {
  try {
    return sigtrace::run_command_line(argc, argv);
  } catch (const sigtrace::Error& e) {
    std::fprintf(stderr, "sigtrace: %s\n", e.what());
    return static_cast<int>(e.status());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sigtrace: %s\n", e.what());
    return static_cast<int>(sigtrace::ExitStatus::kRuntime);
  }
}
