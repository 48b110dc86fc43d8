#include "inspect/render.h"

namespace sigtrace::inspect {

std::string fenced_mermaid(const std::string& diagram) {
  return "```mermaid\n" + diagram + "```\n";
}

std::string render(const Inspection& inspection, const RenderOptions& options) {
  switch (options.format) {
    case Format::kMarkdown: return render_markdown(inspection, options.all, options.command);
    case Format::kJson: return render_json(inspection, options.all);
    case Format::kMermaid: break;
  }
  return fenced_mermaid(render_flowchart(inspection, options.all)) + "\n" +
         fenced_mermaid(render_sequence_diagram(inspection, options.all));
}

}  // namespace sigtrace::inspect
