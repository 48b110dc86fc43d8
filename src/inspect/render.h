// The three output formats of `sigtrace inspect`.
#pragma once

#include <string>
#include <string_view>

#include "inspect/inspection.h"

namespace sigtrace::inspect {

enum class Format { kMermaid, kMarkdown, kJson };

struct RenderOptions {
  Format format = Format::kMermaid;
  // Also the helpers `ig image inspect` does not draw, and calls whose map
  // the analysis could not determine (drawn against a `?` node).
  bool all = false;
  // How the output was made, for the markdown document's reader.
  std::string command = "sigtrace inspect --format markdown";
};

std::string render(const Inspection& inspection, const RenderOptions& options);

// The pieces, for tests: each diagram alone, as `ig image inspect` writes it
// (no fences), ending in a newline.
std::string render_flowchart(const Inspection& inspection, bool all);
std::string render_sequence_diagram(const Inspection& inspection, bool all);
std::string render_json(const Inspection& inspection, bool all);
std::string render_markdown(const Inspection& inspection, bool all, std::string_view command);
// ```mermaid, the diagram, ```.
std::string fenced_mermaid(const std::string& diagram);

}  // namespace sigtrace::inspect
