// Counted rows as an aligned table: the numbers first, right-aligned, then
// the key's cells laid out as the columns output lays out its fields (cut
// by display width, the rightmost left out on a narrow terminal).
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "count/tally.h"
#include "output/column_layout.h"

namespace sigtrace {

struct NumberColumn {
  std::string_view header;
  size_t width;  // a longer number pushes the row right, it is never cut
};

class CountTable {
 public:
  // terminal_width: 0 off a terminal.
  CountTable(std::vector<NumberColumn> numbers, const std::vector<Field>& key,
             size_t terminal_width);

  void append_header(std::string& out) const;
  // One text for each number column, then the row's cells; newline included.
  void append_row(std::string& out, std::span<const std::string> numbers,
                  const TallyRow& row) const;
  const std::vector<Field>& left_out() const { return layout_.left_out; }

 private:
  std::vector<NumberColumn> numbers_;
  ColumnLayout layout_;  // its fields are the key's first ones
};

// Row indexes by count, the largest first; equal counts in key order.
std::vector<size_t> rows_by_count(const Tally& tally);

// --summary's table: COUNT and the key, every row, the busiest first.
void append_summary_table(std::string& out, const Tally& tally, size_t terminal_width);

}  // namespace sigtrace
