// Which columns a row has and how wide each is. Off a terminal every column
// has its own width and the last is never cut. On a terminal narrower than
// a row, the name columns shrink first, down to 8, then the rightmost
// columns are left out, so that no line wraps.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "output/fields.h"

namespace sigtrace {

struct ColumnLayout {
  std::vector<Field> fields;
  std::vector<size_t> widths;   // one per field
  std::vector<Field> left_out;  // to fit the terminal
  bool cut_last = false;        // on a terminal: the last column too
};

// terminal_width: 0 when the output is no terminal.
ColumnLayout fit_columns(std::vector<Field> fields, size_t terminal_width);

// The columns of the terminal standard output is, 0 when it is none.
size_t terminal_width_of_stdout();

// Ends the cell of column `index` that starts at `start` in `out`: cut to
// its width (the last one on a terminal only) and, but for the last,
// padded, then one space.
void end_cell(std::string& out, const ColumnLayout& layout, size_t index, size_t start);

}  // namespace sigtrace
