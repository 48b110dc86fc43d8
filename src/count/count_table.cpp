#include "count/count_table.h"

#include <algorithm>
#include <numeric>

namespace sigtrace {
namespace {

size_t width_of(const std::vector<NumberColumn>& numbers) {
  size_t width = 0;
  for (const NumberColumn& column : numbers)
    width += column.width + 1;
  return width;
}

// Whatever the numbers leave, at least a column: fit_columns then keeps one
// key field, cut to nothing, rather than none.
size_t key_width(size_t terminal_width, size_t numbers_width) {
  if (terminal_width == 0) return 0;
  return terminal_width > numbers_width ? terminal_width - numbers_width : 1;
}

void append_right_aligned(std::string& out, std::string_view text, size_t width) {
  if (text.size() < width) out.append(width - text.size(), ' ');
  out.append(text);
  out.push_back(' ');
}

}  // namespace

CountTable::CountTable(std::vector<NumberColumn> numbers, const std::vector<Field>& key,
                       size_t terminal_width)
    : numbers_(std::move(numbers)),
      layout_(fit_columns(key, key_width(terminal_width, width_of(numbers_)))) {}

void CountTable::append_header(std::string& out) const {
  for (const NumberColumn& column : numbers_)
    append_right_aligned(out, column.header, column.width);
  for (size_t i = 0; i < layout_.fields.size(); ++i) {
    size_t start = out.size();
    out.append(spec_of(layout_.fields[i]).header);
    end_cell(out, layout_, i, start);
  }
  out.push_back('\n');
}

void CountTable::append_row(std::string& out, std::span<const std::string> numbers,
                            const TallyRow& row) const {
  for (size_t i = 0; i < numbers_.size(); ++i)
    append_right_aligned(out, numbers[i], numbers_[i].width);
  std::vector<std::string_view> cells = cells_of(row);
  for (size_t i = 0; i < layout_.fields.size(); ++i) {
    size_t start = out.size();
    out.append(cells[i]);
    end_cell(out, layout_, i, start);
  }
  out.push_back('\n');
}

std::vector<size_t> rows_by_count(const Tally& tally) {
  const auto& rows = tally.rows();
  std::vector<size_t> order(rows.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (rows[a].count != rows[b].count) return rows[a].count > rows[b].count;
    return rows[a].key < rows[b].key;
  });
  return order;
}

void append_summary_table(std::string& out, const Tally& tally, size_t terminal_width) {
  CountTable table({{"COUNT", 10}}, tally.key(), terminal_width);
  table.append_header(out);
  std::string count[1];
  for (size_t index : rows_by_count(tally)) {
    const TallyRow& row = tally.rows()[index];
    count[0] = std::to_string(row.count);
    table.append_row(out, count, row);
  }
}

}  // namespace sigtrace
