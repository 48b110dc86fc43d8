// Counting events by a key: rows, the summary's table, top's frames, and
// the labels of the metrics.
#include <gtest/gtest.h>
#include <signal.h>

#include <cstring>
#include <deque>
#include <string>
#include <vector>

#include "common/error.h"
#include "count/count_key.h"
#include "count/count_table.h"
#include "count/tally.h"
#include "metrics/metric_labels.h"
#include "metrics/process_metrics.h"
#include "output/display_width.h"
#include "top/top_view.h"

namespace sigtrace {
namespace {

// One signal from `comm` to `tcomm`, with what became of it.
struct Signal {
  const char* comm;
  const char* tcomm;
  int sig = SIGUSR1;
  int result = 0;  // delivered
  const Container* tcontainer = nullptr;
};

class Events {
 public:
  const EnrichedEvent& make(const Signal& signal) {
    records_.push_back({});
    sigtrace_event& record = records_.back();
    std::strncpy(record.sender.comm, signal.comm, sizeof(record.sender.comm) - 1);
    record.sig = signal.sig;
    record.result = signal.result;
    record.ntargets = 1;
    events_.push_back({});
    EnrichedEvent& event = events_.back();
    event.record = &record;
    event.sender.comm = signal.comm;
    event.target.comm = signal.tcomm;
    event.target_place = ContainerPlace::of(signal.tcontainer);
    return event;
  }

 private:
  std::deque<sigtrace_event> records_;
  std::deque<EnrichedEvent> events_;
};

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

const FormatSettings kGenerate{Mode::kGenerate, true};

TEST(CountKey, SenderTargetSignalAndWhatBecameOfIt) {
  using enum Field;
  EXPECT_EQ(default_count_key(Mode::kGenerate, false),
            (std::vector<Field>{kComm, kTcomm, kSig, kResult, kVia}));
  EXPECT_EQ(default_count_key(Mode::kKillOnly, true),
            (std::vector<Field>{kContainer, kComm, kTcontainer, kTcomm, kSig, kError, kVia}));
  EXPECT_EQ(default_count_key(Mode::kGenerate, false, true).back(), kFate);
  EXPECT_EQ(parse_count_key("sig,comm", Mode::kGenerate), (std::vector<Field>{kSig, kComm}));
  EXPECT_THROW(parse_count_key("comm,time", Mode::kGenerate), UsageError);
  EXPECT_THROW(parse_count_key("syscall", Mode::kGenerate), UsageError);
}

TEST(Tally, OneRowPerSetOfValues) {
  Events events;
  Tally tally(default_count_key(Mode::kGenerate, false), kGenerate);
  for (int i = 0; i < 3; ++i)
    tally.take(events.make({"bash", "sleep"}));
  tally.take(events.make({"bash", "sleep", SIGTERM}));
  tally.take(events.make({"bash", "sleep", SIGUSR1, 1}));
  EXPECT_EQ(tally.count(events.make({"bash", "sleep"})), 0u);

  ASSERT_EQ(tally.rows().size(), 3u);
  EXPECT_EQ(tally.total(), 6u);
  EXPECT_EQ(tally.rows()[0].count, 4u);
  EXPECT_EQ(cells_of(tally.rows()[0]),
            (std::vector<std::string_view>{"bash", "sleep", "SIGUSR1", "delivered", "-"}));
  EXPECT_EQ(cells_of(tally.rows()[1])[2], "SIGTERM");
  EXPECT_EQ(cells_of(tally.rows()[2])[3], "ignored");
}

TEST(Tally, CellsAreTheColumnsText) {
  Events events;
  Container web{.name = "web"};
  Tally tally({Field::kComm, Field::kTcomm, Field::kTcontainer}, kGenerate);
  tally.take(events.make({"\x1b]0;x\a", "", SIGUSR1, 0, &web}));
  EXPECT_EQ(cells_of(tally.rows()[0]),
            (std::vector<std::string_view>{"\\x1b]0;x\\x07", "-", "web"}));
}

TEST(SummaryTable, BusiestFirstCountsRightAligned) {
  Events events;
  Tally tally({Field::kComm, Field::kSig}, kGenerate);
  tally.take(events.make({"few", "t"}));
  for (int i = 0; i < 12; ++i)
    tally.take(events.make({"many", "t"}));
  tally.take(events.make({"also-few", "t"}));
  std::string out;
  append_summary_table(out, tally, 0);
  EXPECT_EQ(lines_of(out), (std::vector<std::string>{
                               "     COUNT COMM             SIG",
                               "        12 many             SIGUSR1",
                               "         1 also-few         SIGUSR1",
                               "         1 few              SIGUSR1",
                           }));
}

TEST(SummaryTable, FitsANarrowTerminal) {
  Events events;
  Tally tally(default_count_key(Mode::kGenerate, false), kGenerate);
  tally.take(events.make({"a-sender-name15", "漢字漢字漢字漢字"}));
  std::string out;
  append_summary_table(out, tally, 40);
  for (const auto& line : lines_of(out))
    EXPECT_LE(display_width(line), 40u) << line;
  // Names shrink to 8 columns (a wide character's half left blank), then
  // RESULT and VIA are left out; the last column takes what is left.
  EXPECT_EQ(lines_of(out)[0], "     COUNT COMM     TCOMM    SIG");
  EXPECT_EQ(lines_of(out)[1], "         1 a-sende… 漢字漢…  SIGUSR1");
}

TEST(TopView, RatesOverTheLastIntervalAndSortOrders) {
  Events events;
  Tally tally({Field::kComm}, kGenerate);
  auto start = TopView::Clock::now();
  TopView view(tally, start);
  for (int i = 0; i < 10; ++i)
    tally.take(events.make({"old", "t"}));
  view.sample(start + std::chrono::seconds(1));
  for (int i = 0; i < 4; ++i)
    tally.take(events.make({"new", "t"}));
  view.sample(start + std::chrono::seconds(3));

  TopStatus status{"signals, every 2s", "12:00:00", 7};
  auto lines = lines_of(view.frame({100, 24}, status));
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_EQ(lines[0], "sigtrace top: signals, every 2s; 12:00:00");
  EXPECT_EQ(lines[1].rfind("events: 14 (2.0/s), lost: 7, rows: 2; sorted by COUNT", 0), 0u)
      << lines[1];
  EXPECT_EQ(lines[2], "");
  EXPECT_EQ(lines[3], "     COUNT     RATE/S COMM");
  EXPECT_EQ(lines[4], "        10        0.0 old");
  EXPECT_EQ(lines[5], "         4        2.0 new");

  view.next_order();
  EXPECT_EQ(view.order_name(), "RATE/S");
  EXPECT_EQ(lines_of(view.frame({100, 24}, status))[4], "         4        2.0 new");
  view.next_order();
  EXPECT_EQ(view.order_name(), "COMM");
  EXPECT_EQ(lines_of(view.frame({100, 24}, status))[4], "         4        2.0 new");
  view.next_order();
  EXPECT_EQ(view.order_name(), "COUNT");
  view.previous_order();
  EXPECT_EQ(view.order_name(), "COMM");
}

TEST(TopView, AsManyRowsAsTheScreenHolds) {
  Events events;
  Tally tally({Field::kComm}, kGenerate);
  TopView view(tally, TopView::Clock::now());
  for (const char* comm : {"a", "b", "c", "d", "e", "f"})
    tally.take(events.make({comm, "t"}));
  auto lines = lines_of(view.frame({50, 7}, {"x", "y", 0}));
  ASSERT_EQ(lines.size(), 7u);
  EXPECT_NE(lines[1].find("rows: 6 (3 shown)"), std::string::npos) << lines[1];
  for (const auto& line : lines)
    EXPECT_LE(display_width(line), 50u) << line;
  EXPECT_EQ(lines_of(view.frame({30, 2}, {"x", "y", 0})).size(), 2u);
  // Narrower than the numbers: every line cut, none wraps.
  for (const auto& line : lines_of(view.frame({12, 7}, {"x", "y", 0})))
    EXPECT_LE(display_width(line), 12u) << line;
}

TEST(MetricLabels, FewValuesUnlessAskedFor) {
  auto names = [](const std::vector<MetricLabel>& labels) {
    std::vector<std::string_view> result;
    for (const auto& label : labels)
      result.push_back(label.name);
    return result;
  };
  EXPECT_EQ(names(signal_labels(Mode::kGenerate, false)),
            (std::vector<std::string_view>{"signal", "result", "via", "container", "tcontainer"}));
  EXPECT_EQ(names(signal_labels(Mode::kKillOnly, true)),
            (std::vector<std::string_view>{"signal", "error", "via", "container", "tcontainer",
                                           "comm", "tcomm"}));
  EXPECT_EQ(names(signal_labels(Mode::kGenerate, false, true))[3], "fate");
  EXPECT_EQ(label_value("-"), "");
  EXPECT_EQ(label_value("web"), "web");
}

TEST(ProcessMetrics, StatNumbersAfterTheCommandName) {
  std::string stat =
      "4242 (a) b (c)) S 1 4242 4242 0 -1 4194560 100 0 0 0 7 3 0 0 20 0 1 0 555 123456 78 "
      "18446744073709551615";
  auto numbers = stat_numbers(stat);
  ASSERT_GT(numbers.size(), 21u);
  EXPECT_EQ(numbers[11], 7u);       // utime
  EXPECT_EQ(numbers[12], 3u);       // stime
  EXPECT_EQ(numbers[19], 555u);     // starttime
  EXPECT_EQ(numbers[20], 123456u);  // vsize
  EXPECT_EQ(numbers[21], 78u);      // rss
  EXPECT_TRUE(stat_numbers("garbage").empty());
  EXPECT_FALSE(ProcessMetrics().Collect().empty());
}

}  // namespace
}  // namespace sigtrace
