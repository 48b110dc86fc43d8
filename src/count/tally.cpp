#include "count/tally.h"

namespace sigtrace {

std::vector<std::string_view> cells_of(const TallyRow& row) {
  std::vector<std::string_view> cells;
  std::string_view rest = row.key;
  while (!rest.empty()) {
    size_t end = rest.find('\0');
    cells.push_back(rest.substr(0, end));
    rest.remove_prefix(end + 1);
  }
  return cells;
}

size_t Tally::count(const EnrichedEvent& event) {
  scratch_.clear();
  for (Field field : key_) {
    append_field(scratch_, field, event, settings_, time_);
    scratch_.push_back('\0');
  }
  ++total_;
  auto found = index_.find(scratch_);
  if (found != index_.end()) {
    ++rows_[found->second].count;
    return found->second;
  }
  rows_.push_back({scratch_, 1});
  index_.emplace(rows_.back().key, rows_.size() - 1);
  return rows_.size() - 1;
}

}  // namespace sigtrace
