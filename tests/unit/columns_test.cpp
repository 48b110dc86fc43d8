// Columns by display width: wide characters, cuts with an ellipsis, and
// rows that fit a narrow terminal.
#include <gtest/gtest.h>

#include <string>

#include "output/column_layout.h"
#include "output/display_width.h"

namespace sigtrace {
namespace {

std::string cut(std::string text, size_t width) {
  cut_to_width(text, 0, width);
  return text;
}

TEST(DisplayWidth, WideAndCombiningCharacters) {
  EXPECT_EQ(display_width("nginx"), 5u);
  EXPECT_EQ(display_width("漢字"), 4u);
  EXPECT_EQ(display_width("e\u0301"), 1u);   // e and a combining acute
  EXPECT_EQ(display_width("ｗｉｄｅ"), 8u);  // fullwidth forms
  EXPECT_EQ(display_width("🔥"), 2u);
}

TEST(DisplayWidth, CutsShowAnEllipsis) {
  EXPECT_EQ(cut("abcdefghij", 10), "abcdefghij");
  EXPECT_EQ(cut("abcdefghij", 5), "abcd…");
  EXPECT_EQ(cut("漢字漢字", 5), "漢字…");
  // A wide character that would not fit whole is left out whole.
  EXPECT_EQ(cut("漢字漢字", 4), "漢…");
  EXPECT_EQ(display_width(cut("\\x1b]0;pwned\\x07", 8)), 8u);
}

TEST(DisplayWidth, CutReturnsTheWidthLeft) {
  std::string text = "xx漢字漢字";
  EXPECT_EQ(cut_to_width(text, 2, 5), 5u);
  EXPECT_EQ(text, "xx漢字…");
}

size_t row_width(const ColumnLayout& layout) {
  size_t width = layout.widths.size() - 1;
  for (size_t w : layout.widths)
    width += w;
  return width;
}

TEST(ColumnLayout, OffATerminalEveryColumnHasItsWidth) {
  auto fields = default_fields(Mode::kGenerate, {.time = true, .containers = true});
  ColumnLayout layout = fit_columns(fields, 0);
  EXPECT_EQ(layout.fields, fields);
  EXPECT_FALSE(layout.cut_last);
  EXPECT_TRUE(layout.left_out.empty());
  for (size_t i = 0; i < fields.size(); ++i)
    EXPECT_EQ(layout.widths[i], spec_of(fields[i]).width);
}

TEST(ColumnLayout, NamesShrinkFirstToFit80Columns) {
  // COMM PID TID CONTAINER TCOMM TPID TCONTAINER SIG RESULT CODE VIA: 148.
  auto fields = default_fields(Mode::kGenerate, {.containers = true});
  ColumnLayout layout = fit_columns(fields, 80);
  EXPECT_EQ(row_width(layout), 80u);
  EXPECT_TRUE(layout.cut_last);
  EXPECT_EQ(layout.fields.front(), Field::kComm);
  for (size_t i = 0; i < layout.fields.size(); ++i) {
    if (layout.fields[i] == Field::kComm || layout.fields[i] == Field::kTcomm) {
      EXPECT_EQ(layout.widths[i], 8u);
    }
  }
  // Even at 8, the names leave too little: the rightmost columns go.
  ASSERT_FALSE(layout.left_out.empty());
  EXPECT_EQ(layout.left_out.back(), Field::kVia);
}

TEST(ColumnLayout, AWideTerminalGivesTheRestToTheLastColumn) {
  auto fields = default_fields(Mode::kKillOnly);
  ColumnLayout layout = fit_columns(fields, 200);
  EXPECT_TRUE(layout.left_out.empty());
  EXPECT_EQ(row_width(layout), 200u);
  for (size_t i = 0; i + 1 < fields.size(); ++i)
    EXPECT_EQ(layout.widths[i], spec_of(fields[i]).width);
}

}  // namespace
}  // namespace sigtrace
