// Events counted by a key (count/count_key.h): one row for each set of the
// key's values, created at its first event. A row's cells are the text the
// columns output shows (terminal-safe, "-" when empty), so a count always
// reads as the events it counts would have.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/event_sink.h"
#include "output/fields.h"
#include "output/format_settings.h"

namespace sigtrace {

struct TallyRow {
  std::string key;  // the cells, each followed by '\0' (never in safe text)
  uint64_t count = 0;
};

// The cells of a row, one per key field.
std::vector<std::string_view> cells_of(const TallyRow& row);

class Tally final : public EventSink {
 public:
  Tally(std::vector<Field> key, const FormatSettings& settings)
      : key_(std::move(key)), settings_(settings) {}
  Tally(const Tally&) = delete;
  Tally& operator=(const Tally&) = delete;

  void take(const EnrichedEvent& event) override { count(event); }
  // Counts the event; returns its row's index.
  size_t count(const EnrichedEvent& event);

  const std::vector<Field>& key() const { return key_; }
  // In the order they were created: an index stays the same row.
  const std::deque<TallyRow>& rows() const { return rows_; }
  uint64_t total() const { return total_; }

 private:
  std::vector<Field> key_;
  FormatSettings settings_;
  TimeFormat time_;  // append_field's; no key has TIME
  std::string scratch_;
  std::deque<TallyRow> rows_;
  // Views of the rows' keys: a deque never moves its elements.
  std::unordered_map<std::string_view, size_t> index_;
  uint64_t total_ = 0;
};

}  // namespace sigtrace
