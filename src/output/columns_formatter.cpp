#include <utility>

#include "output/formatter.h"
#include "output/sanitize.h"

namespace sigtrace {
namespace {

class ColumnsFormatter final : public EventFormatter {
 public:
  ColumnsFormatter(std::vector<Field> fields, const FormatSettings& settings)
      : fields_(std::move(fields)), settings_(settings) {}

  void begin(std::string& out) override {
    for (size_t i = 0; i < fields_.size(); ++i) {
      size_t start = out.size();
      out.append(spec_of(fields_[i]).header);
      end_cell(out, i, start);
    }
    out.push_back('\n');
  }

  void format(const EnrichedEvent& event, std::string& out) override {
    for (size_t i = 0; i < fields_.size(); ++i) {
      size_t start = out.size();
      append_field(out, fields_[i], event, settings_, time_);
      end_cell(out, i, start);
    }
    out.push_back('\n');
  }

 private:
  // Pads every cell but the last to its width, then one space.
  void end_cell(std::string& out, size_t index, size_t start) const {
    if (index + 1 == fields_.size()) return;
    size_t width = display_width(std::string_view(out).substr(start));
    size_t wanted = spec_of(fields_[index]).width;
    if (width < wanted) out.append(wanted - width, ' ');
    out.push_back(' ');
  }

  std::vector<Field> fields_;
  FormatSettings settings_;
  TimeFormat time_;
};

}  // namespace

std::unique_ptr<EventFormatter> make_columns_formatter(std::vector<Field> fields,
                                                       const FormatSettings& settings) {
  return std::make_unique<ColumnsFormatter>(std::move(fields), settings);
}

}  // namespace sigtrace
