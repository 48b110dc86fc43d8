#include <utility>

#include "output/column_layout.h"
#include "output/display_width.h"
#include "output/formatter.h"

namespace sigtrace {
namespace {

class ColumnsFormatter final : public EventFormatter {
 public:
  ColumnsFormatter(ColumnLayout layout, const FormatSettings& settings)
      : layout_(std::move(layout)), settings_(settings) {}

  void begin(std::string& out) override {
    for (size_t i = 0; i < layout_.fields.size(); ++i) {
      size_t start = out.size();
      out.append(spec_of(layout_.fields[i]).header);
      end_cell(out, i, start);
    }
    out.push_back('\n');
  }

  void format(const EnrichedEvent& event, std::string& out) override {
    for (size_t i = 0; i < layout_.fields.size(); ++i) {
      size_t start = out.size();
      append_field(out, layout_.fields[i], event, settings_, time_);
      end_cell(out, i, start);
    }
    out.push_back('\n');
  }

 private:
  // Cuts every cell to its width (the last one on a terminal only), and
  // pads all but the last, then one space.
  void end_cell(std::string& out, size_t index, size_t start) const {
    bool last = index + 1 == layout_.fields.size();
    if (last && !layout_.cut_last) return;
    size_t wanted = layout_.widths[index];
    size_t width = cut_to_width(out, start, wanted);
    if (last) return;
    if (width < wanted) out.append(wanted - width, ' ');
    out.push_back(' ');
  }

  ColumnLayout layout_;
  FormatSettings settings_;
  TimeFormat time_;
};

}  // namespace

std::unique_ptr<EventFormatter> make_columns_formatter(ColumnLayout layout,
                                                       const FormatSettings& settings) {
  return std::make_unique<ColumnsFormatter>(std::move(layout), settings);
}

std::unique_ptr<EventFormatter> make_columns_formatter(std::vector<Field> fields,
                                                       const FormatSettings& settings) {
  return make_columns_formatter(fit_columns(std::move(fields), 0), settings);
}

}  // namespace sigtrace
