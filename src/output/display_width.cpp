#include "output/display_width.h"

#include <cstdint>

namespace sigtrace {
namespace {

constexpr std::string_view kEllipsis = "\u2026";

struct Range {
  char32_t first;
  char32_t last;
};

// Wide and fullwidth blocks (Unicode's East Asian Width W and F): Hangul
// Jamo, CJK, kana, Hangul syllables, fullwidth forms, emoji.
constexpr Range kWide[] = {
    {0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},   {0x23E9, 0x23EC},
    {0x2E80, 0x303E},   {0x3041, 0x33FF},   {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},
    {0xA000, 0xA4CF},   {0xA960, 0xA97F},   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},
    {0xFE10, 0xFE19},   {0xFE30, 0xFE6F},   {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},
    {0x1F300, 0x1F64F}, {0x1F680, 0x1F6FF}, {0x1F900, 0x1F9FF}, {0x20000, 0x2FFFD},
    {0x30000, 0x3FFFD},
};

// Combining marks, drawn over the character before them.
constexpr Range kZero[] = {
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x0610, 0x061A}, {0x064B, 0x065F},
    {0x0E31, 0x0E31}, {0x0E34, 0x0E3A}, {0x0E47, 0x0E4E}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF},
    {0x20D0, 0x20FF}, {0x302A, 0x302F}, {0x3099, 0x309A}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F},
};

template <size_t N>
bool in(const Range (&ranges)[N], char32_t c) {
  for (const Range& range : ranges) {
    if (c >= range.first && c <= range.last) return true;
  }
  return false;
}

size_t width_of(char32_t c) {
  if (in(kZero, c)) return 0;
  return in(kWide, c) ? 2 : 1;
}

// The code point at `at` (valid UTF-8), and how many bytes it takes.
char32_t decode(std::string_view text, size_t at, size_t& length) {
  auto byte = [&](size_t i) { return static_cast<uint8_t>(text[at + i]); };
  uint8_t lead = byte(0);
  length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
  if (at + length > text.size()) {
    length = 1;
    return lead;
  }
  if (length == 1) return lead;
  char32_t c = lead & (0xFF >> (length + 1));
  for (size_t i = 1; i < length; ++i)
    c = (c << 6) | (byte(i) & 0x3F);
  return c;
}

bool ascii(std::string_view text) {
  for (char c : text) {
    if (static_cast<uint8_t>(c) >= 0x80) return false;
  }
  return true;
}

}  // namespace

// Most cells are ASCII: one column a byte, no decoding.
size_t display_width(std::string_view text) {
  if (ascii(text)) return text.size();
  size_t width = 0;
  for (size_t at = 0, length = 0; at < text.size(); at += length)
    width += width_of(decode(text, at, length));
  return width;
}

size_t cut_to_width(std::string& out, size_t start, size_t width) {
  std::string_view text = std::string_view(out).substr(start);
  size_t whole = display_width(text);
  if (whole <= width) return whole;
  // Room for what fits in width - 1, then the ellipsis.
  size_t used = 0;
  size_t keep = 0;
  for (size_t at = 0, length = 0; at < text.size(); at += length) {
    size_t next = width_of(decode(text, at, length));
    if (used + next + 1 > width) break;
    used += next;
    keep = at + length;
  }
  out.resize(start + keep);
  if (width == 0) return 0;
  out.append(kEllipsis);
  return used + 1;
}

}  // namespace sigtrace
