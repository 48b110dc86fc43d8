#include "top/top_view.h"

#include <algorithm>
#include <cstdio>
#include <numeric>

#include "count/count_table.h"
#include "output/display_width.h"

namespace sigtrace {
namespace {

// Two lines of status, a blank one and the header.
constexpr size_t kAboveRows = 4;
constexpr NumberColumn kCount{"COUNT", 10};
constexpr NumberColumn kRate{"RATE/S", 10};

std::string rate_text(double rate) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.1f", rate);
  return text;
}

// Each line cut to the terminal's width.
void append_line(std::string& out, std::string_view line, size_t width) {
  size_t start = out.size();
  out.append(line);
  cut_to_width(out, start, width);
  out.push_back('\n');
}

// At most a line a row, each cut to the width: a terminal too small for
// the numbers, or for the lines above the table, must not scroll.
std::string fit_screen(std::string_view text, TerminalSize size) {
  std::string screen;
  for (size_t line = 0; line < size.rows && !text.empty(); ++line) {
    size_t end = text.find('\n');
    append_line(screen, text.substr(0, end), size.columns);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
  }
  return screen;
}

}  // namespace

TopView::TopView(const Tally& tally, Clock::time_point start) : tally_(tally), sampled_at_(start) {}

void TopView::sample(Clock::time_point now) {
  double seconds = std::chrono::duration<double>(now - sampled_at_).count();
  const auto& rows = tally_.rows();
  sampled_.resize(rows.size(), 0);
  rates_.resize(rows.size(), 0.0);
  for (size_t i = 0; i < rows.size(); ++i) {
    rates_[i] = seconds > 0 ? static_cast<double>(rows[i].count - sampled_[i]) / seconds : 0.0;
    sampled_[i] = rows[i].count;
  }
  total_rate_ = seconds > 0 ? static_cast<double>(tally_.total() - sampled_total_) / seconds : 0.0;
  sampled_total_ = tally_.total();
  sampled_at_ = now;
}

void TopView::next_order() {
  order_ = (order_ + 1) % orders();
}

void TopView::previous_order() {
  order_ = (order_ + orders() - 1) % orders();
}

std::string_view TopView::order_name() const {
  if (order_ == 0) return kCount.header;
  if (order_ == 1) return kRate.header;
  return spec_of(tally_.key()[order_ - 2]).header;
}

// Numbers the largest first, key columns in text order; ties by count,
// then by the whole key, so that rows do not swap places between frames.
std::vector<size_t> TopView::sorted() const {
  const auto& rows = tally_.rows();
  std::vector<std::string_view> column;
  if (order_ >= 2) {
    for (const TallyRow& row : rows)
      column.push_back(cells_of(row)[order_ - 2]);
  }
  std::vector<size_t> order(rows.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (order_ == 1 && rate_of(a) != rate_of(b)) return rate_of(a) > rate_of(b);
    if (order_ >= 2 && column[a] != column[b]) return column[a] < column[b];
    if (rows[a].count != rows[b].count) return rows[a].count > rows[b].count;
    return rows[a].key < rows[b].key;
  });
  return order;
}

std::string TopView::counts_line(const TopStatus& status, size_t shown) const {
  std::string rows = std::to_string(tally_.rows().size());
  if (shown < tally_.rows().size()) rows += " (" + std::to_string(shown) + " shown)";
  return "events: " + std::to_string(tally_.total()) + " (" + rate_text(total_rate_) +
         "/s), lost: " + std::to_string(status.lost) + ", rows: " + rows + "; sorted by " +
         std::string(order_name()) + " (s < > to change, q to quit)";
}

std::string TopView::frame(TerminalSize size, const TopStatus& status) const {
  size_t room = size.rows > kAboveRows ? size.rows - kAboveRows : 0;
  size_t shown = std::min(room, tally_.rows().size());
  std::string out;
  out += "sigtrace top: " + status.title + "; " + status.clock + "\n";
  out += counts_line(status, shown) + "\n\n";
  CountTable table({kCount, kRate}, tally_.key(), size.columns);
  table.append_header(out);
  std::vector<size_t> order = sorted();
  std::string numbers[2];
  for (size_t i = 0; i < shown; ++i) {
    const TallyRow& row = tally_.rows()[order[i]];
    numbers[0] = std::to_string(row.count);
    numbers[1] = rate_text(rate_of(order[i]));
    table.append_row(out, numbers, row);
  }
  return fit_screen(out, size);
}

}  // namespace sigtrace
