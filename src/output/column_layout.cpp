#include "output/column_layout.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <numeric>

#include "output/display_width.h"

namespace sigtrace {
namespace {

constexpr size_t kNarrowestName = 8;

// One append per cell, not one per space.
void append_spaces(std::string& out, size_t count) {
  constexpr std::string_view kSpaces = "                                ";
  if (count > kSpaces.size()) {
    out.append(count, ' ');
  } else {
    out.append(kSpaces.substr(0, count));
  }
}

bool is_name(Field field) {
  switch (field) {
    case Field::kComm:
    case Field::kTcomm:
    case Field::kContainer:
    case Field::kK8sNamespace:
    case Field::kK8sPod:
    case Field::kK8sContainer:
    case Field::kTcontainer:
    case Field::kTk8sNamespace:
    case Field::kTk8sPod:
    case Field::kTk8sContainer: return true;
    default: return false;
  }
}

// What a process, a container or a user named; every other cell is
// ASCII that sigtrace wrote, one column a byte.
bool holds_names(Field field) {
  switch (field) {
    case Field::kPcomm:
    case Field::kUser:
    case Field::kGname:
    case Field::kTrigger: return true;
    default: return is_name(field);
  }
}

// Columns and the single spaces between them.
size_t row_width(const std::vector<size_t>& widths) {
  return std::accumulate(widths.begin(), widths.end(), size_t{0}) + widths.size() - 1;
}

// One column narrower at a time, round the name columns, while too wide.
void shrink_names(ColumnLayout& layout, size_t terminal_width) {
  bool shrank = true;
  while (row_width(layout.widths) > terminal_width && shrank) {
    shrank = false;
    for (size_t i = 0; i < layout.fields.size(); ++i) {
      if (!is_name(layout.fields[i]) || layout.widths[i] <= kNarrowestName) continue;
      --layout.widths[i];
      shrank = true;
      if (row_width(layout.widths) <= terminal_width) return;
    }
  }
}

void leave_out_rightmost(ColumnLayout& layout, size_t terminal_width) {
  while (layout.fields.size() > 1 && row_width(layout.widths) > terminal_width) {
    layout.left_out.insert(layout.left_out.begin(), layout.fields.back());
    layout.fields.pop_back();
    layout.widths.pop_back();
  }
}

}  // namespace

ColumnLayout fit_columns(std::vector<Field> fields, size_t terminal_width) {
  ColumnLayout layout;
  layout.fields = std::move(fields);
  for (Field field : layout.fields)
    layout.widths.push_back(spec_of(field).width);
  if (terminal_width == 0 || layout.fields.empty()) return layout;
  layout.cut_last = true;
  shrink_names(layout, terminal_width);
  leave_out_rightmost(layout, terminal_width);
  // What the row leaves of the terminal is the last column's.
  size_t used = row_width(layout.widths);
  if (used < terminal_width) layout.widths.back() += terminal_width - used;
  layout.widths.back() = std::min(layout.widths.back(), terminal_width);
  return layout;
}

size_t terminal_width_of_stdout() {
  if (!::isatty(STDOUT_FILENO)) return 0;
  winsize size{};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) != 0 || size.ws_col == 0) return 0;
  return size.ws_col;
}

void end_cell(std::string& out, const ColumnLayout& layout, size_t index, size_t start) {
  bool last = index + 1 == layout.fields.size();
  if (last && !layout.cut_last) return;
  size_t wanted = layout.widths[index];
  // No character takes more columns than bytes: a cell no longer than its
  // column fits, whatever it holds.
  size_t width = out.size() - start;
  if (width > wanted) {
    width = cut_to_width(out, start, wanted);
  } else if (holds_names(layout.fields[index])) {
    width = display_width(std::string_view(out).substr(start));
  }
  if (last) return;
  append_spaces(out, wanted - width + 1);
}

}  // namespace sigtrace
