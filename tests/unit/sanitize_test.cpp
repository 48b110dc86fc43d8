#include "output/sanitize.h"
#include "output/display_width.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace sigtrace {
namespace {

std::string terminal(std::string_view text) {
  std::string out;
  append_terminal_safe(out, text);
  return out;
}

std::string json(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

TEST(FixedText, StopsAtNulOrEnd) {
  char with_nul[16] = "bash";
  EXPECT_EQ(fixed_text(with_nul), "bash");
  char full[4] = {'a', 'b', 'c', 'd'};
  EXPECT_EQ(fixed_text(full), "abcd");
}

TEST(TerminalSafe, PlainTextPasses) {
  EXPECT_EQ(terminal("kworker/u4:2"), "kworker/u4:2");
  EXPECT_EQ(terminal("Web Content"), "Web Content");
  EXPECT_EQ(terminal("café ✓"), "café ✓");
}

TEST(TerminalSafe, EscapeSequencesAreShownNotRun) {
  EXPECT_EQ(terminal("\x1b]0;pwned\a"), "\\x1b]0;pwned\\x07");
  EXPECT_EQ(terminal("a\nb\tc\rd"), "a\\x0ab\\x09c\\x0dd");
  EXPECT_EQ(terminal("\x7f"), "\\x7f");
}

TEST(TerminalSafe, InvalidUtf8BytesAreEscaped) {
  EXPECT_EQ(terminal("\xff\xfe"), "\\xff\\xfe");
  EXPECT_EQ(terminal("ok\xc3"), "ok\\xc3");                // truncated sequence
  EXPECT_EQ(terminal("\xc0\xaf"), "\\xc0\\xaf");           // overlong '/'
  EXPECT_EQ(terminal("\xed\xa0\x80"), "\\xed\\xa0\\x80");  // surrogate
}

TEST(TerminalSafe, C1ControlsAndDirectionOverridesAreEscaped) {
  EXPECT_EQ(terminal("\xc2\x9b"
                     "31m"),
            "\\u009b31m");  // CSI as one character
  EXPECT_EQ(terminal("abc\xe2\x80\xae"
                     "cba"),
            "abc\\u202ecba");
  EXPECT_EQ(terminal("\xe2\x80\x8b"), "\\u200b");
}

TEST(TerminalSafe, BackslashIsDoubledSoEscapesStayUnambiguous) {
  EXPECT_EQ(terminal("\\x1b"), "\\\\x1b");
}

TEST(DisplayWidth, CountsCharactersNotBytes) {
  EXPECT_EQ(display_width("abc"), 3u);
  EXPECT_EQ(display_width("café"), 4u);
  EXPECT_EQ(display_width(terminal("\x1b")), 4u);
}

TEST(JsonString, EscapesAndStaysValid) {
  EXPECT_EQ(json("bash"), "\"bash\"");
  EXPECT_EQ(json("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(json("\x1b]0;x\a"), "\"\\u001b]0;x\\u0007\"");
  EXPECT_EQ(json("\n\t"), "\"\\n\\t\"");
  EXPECT_EQ(json("\xff"), "\"\\ufffd\"");
  EXPECT_EQ(json("café"), "\"café\"");
}

TEST(JsonString, EveryByteValueParses) {
  for (int byte = 0; byte < 256; ++byte) {
    std::string text = "x" + std::string(1, static_cast<char>(byte)) + "y";
    std::string literal = json(text);
    auto parsed = nlohmann::json::parse(literal, nullptr, false);
    ASSERT_FALSE(parsed.is_discarded()) << "byte " << byte << ": " << literal;
    if (byte < 0x80) {
      EXPECT_EQ(parsed.get<std::string>(), text);
    }
  }
}

// The room json_string_room() promises is enough for the worst bytes:
// control characters, bytes that are no UTF-8, characters that hide text.
TEST(JsonString, WorstCaseFitsItsRoom) {
  for (std::string_view worst : {"\x01", "\xff", "\u2028", "\"", "\U0001F600"}) {
    std::string text;
    for (int i = 0; i < 100; ++i)
      text += worst;
    std::string literal = json(text);
    EXPECT_LE(literal.size(), json_string_room(text.size())) << worst;
    EXPECT_FALSE(nlohmann::json::parse(literal, nullptr, false).is_discarded()) << worst;
  }
}

// Plain text is scanned a word (8 bytes) at a time: every byte value, at
// every place of a word and of the bytes after the last whole word, is
// escaped as it is alone.
TEST(Escaping, WordAtATimeMissesNoByte) {
  for (int byte = 0; byte < 256; ++byte) {
    std::string alone(1, static_cast<char>(byte));
    std::string shown = terminal(alone);
    std::string quoted = json(alone);
    std::string in_json = quoted.substr(1, quoted.size() - 2);
    for (size_t at = 0; at < 19; ++at) {
      std::string text(19, 'a');
      text[at] = static_cast<char>(byte);
      std::string before(at, 'a');
      std::string after(18 - at, 'a');
      ASSERT_EQ(terminal(text), before + shown + after) << "byte " << byte << " at " << at;
      ASSERT_EQ(json(text), '"' + before + in_json + after + '"')
          << "byte " << byte << " at " << at;
    }
  }
}

}  // namespace
}  // namespace sigtrace
