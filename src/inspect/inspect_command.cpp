#include "inspect/inspect_command.h"

#include <cstdio>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "common/error.h"
#include "inspect/builtin_object.h"
#include "inspect/inspection.h"
#include "inspect/object_error.h"
#include "inspect/object_file.h"
#include "inspect/render.h"

namespace sigtrace {
namespace {

inspect::Format parse_format(const std::string& format) {
  if (format == "mermaid") return inspect::Format::kMermaid;
  if (format == "markdown") return inspect::Format::kMarkdown;
  if (format == "json") return inspect::Format::kJson;
  throw UsageError(
      inspect::one_line("--format: give mermaid, markdown or json, not '" + format + "'"));
}

// The command line that reproduces a markdown document, as its reader would
// type it: file names without the directories of the machine that made it.
std::string markdown_command(const InspectCommand& command, const std::string& object) {
  std::string line = "sigtrace inspect --format markdown";
  if (command.all) line += " --all";
  if (command.file) line += " " + object;
  return line;
}

inspect::Inspection inspect_requested_object(const InspectCommand& command) {
  if (!command.file) {
    return inspect::inspect_object(inspect::builtin_object_bytes(),
                                   std::string(inspect::kBuiltinObjectName));
  }
  const std::string& path = *command.file;
  try {
    std::vector<uint8_t> bytes = inspect::read_object_file(path);
    return inspect::inspect_object(std::move(bytes),
                                   std::filesystem::path(path).filename().string());
  } catch (const Error& e) {
    throw Error(e.status(), inspect::one_line(path + ": " + e.what()));
  }
}

}  // namespace

std::string inspect_output(const InspectCommand& command) {
  inspect::RenderOptions options;
  options.format = parse_format(command.format);
  options.all = command.all;
  inspect::Inspection inspection = inspect_requested_object(command);
  options.command = markdown_command(command, inspection.object);
  return inspect::render(inspection, options);
}

int run_inspect(const InspectCommand& command) {
  std::string output = inspect_output(command);
  if (std::fwrite(output.data(), 1, output.size(), stdout) != output.size() ||
      std::fflush(stdout) != 0) {
    throw Error(ExitStatus::kRuntime, "cannot write the inspection to standard output");
  }
  return static_cast<int>(ExitStatus::kOk);
}

}  // namespace sigtrace
