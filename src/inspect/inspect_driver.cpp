// sigtrace-inspect: `sigtrace inspect` on its own, for building the
// developer notes and for tests that must not need the tracer.
#include <cstdio>
#include <exception>

#include <CLI/CLI.hpp>

#include "common/error.h"
#include "inspect/inspect_command.h"

int main(int argc, char** argv) {
  using sigtrace::ExitStatus;
  CLI::App app("sigtrace inspect, on its own", "sigtrace-inspect");
  sigtrace::InspectCommand command;
  sigtrace::add_inspect_subcommand(app, command);
  app.require_subcommand(1);
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "sigtrace: %s\n", e.what());
    return static_cast<int>(ExitStatus::kUsage);
  }
  try {
    return sigtrace::run_inspect(command);
  } catch (const sigtrace::Error& e) {
    std::fprintf(stderr, "sigtrace: %s\n", e.what());
    return static_cast<int>(e.status());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sigtrace: %s\n", e.what());
    return static_cast<int>(ExitStatus::kRuntime);
  }
}
