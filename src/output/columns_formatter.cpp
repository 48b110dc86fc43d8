#include <utility>

#include "output/column_layout.h"
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
      end_cell(out, layout_, i, start);
    }
    out.push_back('\n');
  }

  void format(const EnrichedEvent& event, std::string& out) override {
    for (size_t i = 0; i < layout_.fields.size(); ++i) {
      size_t start = out.size();
      append_field(out, layout_.fields[i], event, settings_, time_);
      end_cell(out, layout_, i, start);
    }
    out.push_back('\n');
  }

 private:
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
