// What `sigtrace top` shows: the rows of a tally with their counts since
// the start and their rates over the last interval, sorted, and as many as
// fit the screen, each cut to its width.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "count/tally.h"
#include "top/terminal.h"

namespace sigtrace {

// The lines above the table that the view does not know itself.
struct TopStatus {
  std::string title;  // "signals (signal_generate), every 2s"
  std::string clock;  // "13:05:02"
  uint64_t lost = 0;
};

class TopView {
 public:
  using Clock = std::chrono::steady_clock;

  TopView(const Tally& tally, Clock::time_point start);

  // The counts the next rates are measured from; the rates until then are
  // what each row gained per second since the sample before.
  void sample(Clock::time_point now);
  // Sorting: COUNT, RATE/S, then each key column; s and > move right, <
  // left, round the ends.
  void next_order();
  void previous_order();
  std::string_view order_name() const;

  std::string frame(TerminalSize size, const TopStatus& status) const;

 private:
  size_t orders() const { return 2 + tally_.key().size(); }
  std::vector<size_t> sorted() const;
  double rate_of(size_t row) const { return row < rates_.size() ? rates_[row] : 0.0; }
  std::string counts_line(const TopStatus& status, size_t shown) const;

  const Tally& tally_;
  Clock::time_point sampled_at_;
  std::vector<uint64_t> sampled_;  // each row's count at the last sample
  std::vector<double> rates_;
  uint64_t sampled_total_ = 0;
  double total_rate_ = 0;
  size_t order_ = 0;
};

}  // namespace sigtrace
