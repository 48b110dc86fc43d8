#include "output/sanitize.h"

#include <array>
#include <cstdint>
#include <cstring>

#include "output/text_cursor.h"

namespace sigtrace {
namespace {

constexpr char kHex[] = "0123456789abcdef";

// Where escaped text goes when the room for it was made beforehand.
struct RawText {
  char* at;
  void append(const char* text, size_t size) { at = copy_text(at, std::string_view(text, size)); }
};

struct Decoded {
  char32_t code_point;
  size_t length;  // 0: not UTF-8 at this position
};

// One UTF-8 sequence at the start of text; rejects overlong forms,
// surrogates and values past U+10FFFF.
Decoded decode_utf8(std::string_view text) {
  auto byte = [&](size_t i) { return static_cast<uint8_t>(text[i]); };
  uint8_t lead = byte(0);
  if (lead < 0x80) return {lead, 1};
  size_t length;
  char32_t code_point;
  char32_t minimum;
  if ((lead & 0xe0) == 0xc0) {
    length = 2, code_point = lead & 0x1f, minimum = 0x80;
  } else if ((lead & 0xf0) == 0xe0) {
    length = 3, code_point = lead & 0x0f, minimum = 0x800;
  } else if ((lead & 0xf8) == 0xf0) {
    length = 4, code_point = lead & 0x07, minimum = 0x10000;
  } else {
    return {0, 0};
  }
  if (text.size() < length) return {0, 0};
  for (size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xc0) != 0x80) return {0, 0};
    code_point = (code_point << 6) | (byte(i) & 0x3f);
  }
  if (code_point < minimum || code_point > 0x10ffff ||
      (code_point >= 0xd800 && code_point <= 0xdfff)) {
    return {0, 0};
  }
  return {code_point, length};
}

// Characters a terminal may act on, or that hide or reorder text.
bool is_hazardous(char32_t c) {
  return c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x200b && c <= 0x200f) ||
         (c >= 0x2028 && c <= 0x202e) || (c >= 0x2060 && c <= 0x2069) || c == 0xfeff;
}

bool is_plain_ascii(char c) {
  return c >= 0x20 && c < 0x7f && c != '\\' && c != '"';
}

template <typename Out>
void append_byte_escape(Out& out, uint8_t byte) {
  const char escape[] = {'\\', 'x', kHex[byte >> 4], kHex[byte & 0xf]};
  out.append(escape, sizeof(escape));
}

template <typename Out>
void append_u_escape(Out& out, char32_t c) {
  const char escape[] = {
      '\\', 'u', kHex[(c >> 12) & 0xf], kHex[(c >> 8) & 0xf], kHex[(c >> 4) & 0xf], kHex[c & 0xf]};
  out.append(escape, sizeof(escape));
}

// Eight bytes at a time, whether any is one of those a plain() below turns
// down (exact: a word that passes holds none).
constexpr uint64_t kOnes = 0x0101010101010101ull;
constexpr uint64_t kHighs = 0x8080808080808080ull;

constexpr uint64_t bytes_below(uint64_t word, uint8_t limit) {
  return (word - kOnes * limit) & ~word & kHighs;
}

constexpr uint64_t bytes_equal(uint64_t word, uint8_t value) {
  return bytes_below(word ^ (kOnes * value), 1);
}

// Control characters, DEL, and all that is not ASCII.
constexpr uint64_t unprintable(uint64_t word) {
  return bytes_below(word, 0x20) | (word & kHighs) | bytes_equal(word, 0x7f);
}

// How the terminal shows what is not safe to copy.
struct TerminalEscapes {
  static bool plain(char c) { return c >= 0x20 && c < 0x7f && c != '\\'; }
  static bool plain(uint64_t word) { return !(unprintable(word) | bytes_equal(word, '\\')); }
  template <typename Out>
  static void ascii(Out& out, char c) {
    if (c == '\\') {
      out.append("\\\\", 2);
    } else {
      append_byte_escape(out, static_cast<uint8_t>(c));
    }
  }
  template <typename Out>
  static void invalid(Out& out, uint8_t byte) {
    append_byte_escape(out, byte);
  }
};

// How JSON strings do.
struct JsonEscapes {
  static bool plain(char c) { return is_plain_ascii(c); }
  static bool plain(uint64_t word) {
    return !(unprintable(word) | bytes_equal(word, '\\') | bytes_equal(word, '"'));
  }
  template <typename Out>
  static void ascii(Out& out, char c) {
    switch (c) {
      case '"': out.append("\\\"", 2); break;
      case '\\': out.append("\\\\", 2); break;
      case '\n': out.append("\\n", 2); break;
      case '\t': out.append("\\t", 2); break;
      case '\r': out.append("\\r", 2); break;
      default: append_u_escape(out, static_cast<uint8_t>(c)); break;
    }
  }
  template <typename Out>
  static void invalid(Out& out, uint8_t) {
    out.append("\\ufffd", 6);
  }
};

// Copies text, escaping per Escapes: runs of plain ASCII in one piece (a
// process name usually is one), other ASCII and bytes that start no UTF-8
// character as the output wants them, and characters a terminal would act
// on, or that hide or reorder text, as \uNNNN in any output.
template <typename Escapes, typename Out>
void append_escaped(Out& out, std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    size_t run = i;
    for (uint64_t word; run + sizeof(word) <= text.size(); run += sizeof(word)) {
      std::memcpy(&word, text.data() + run, sizeof(word));
      if (!Escapes::plain(word)) break;
    }
    while (run < text.size() && Escapes::plain(text[run]))
      ++run;
    out.append(text.data() + i, run - i);
    i = run;
    if (i == text.size()) break;
    char c = text[i];
    if (static_cast<uint8_t>(c) < 0x80) {
      Escapes::ascii(out, c);
      ++i;
    } else if (Decoded decoded = decode_utf8(text.substr(i)); decoded.length == 0) {
      Escapes::invalid(out, static_cast<uint8_t>(c));
      ++i;
    } else {
      if (is_hazardous(decoded.code_point)) {
        append_u_escape(out, decoded.code_point);
      } else {
        out.append(text.data() + i, decoded.length);
      }
      i += decoded.length;
    }
  }
}

}  // namespace

void append_terminal_safe(std::string& out, std::string_view text) {
  append_escaped<TerminalEscapes>(out, text);
}

char* write_json_string(char* at, std::string_view text) {
  RawText out{at};
  out.append("\"", 1);
  append_escaped<JsonEscapes>(out, text);
  out.append("\"", 1);
  return out.at;
}

void append_json_string(std::string& out, std::string_view text) {
  size_t start = out.size();
  out.resize(start + json_string_room(text.size()));
  char* end = write_json_string(out.data() + start, text);
  out.resize(static_cast<size_t>(end - out.data()));
}

}  // namespace sigtrace
