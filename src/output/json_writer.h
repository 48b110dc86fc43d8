// A small streaming JSON writer: compact (one line) or indented. It writes
// through a TextCursor: the hot path of the JSON output makes no call per
// character and no check per key.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "output/sanitize.h"
#include "output/text_cursor.h"

namespace sigtrace {

// A key for JsonWriter::key<"name">(): `,"name":` built by the compiler.
template <size_t N>
struct JsonKeyName {
  char text[N + 3];
  consteval JsonKeyName(const char (&name)[N]) : text() {
    text[0] = ',';
    text[1] = '"';
    for (size_t i = 0; i + 1 < N; ++i)
      text[2 + i] = name[i];
    text[N + 1] = '"';
    text[N + 2] = ':';
  }
};

class JsonWriter {
 public:
  // Appends to out; what was written is there once the writer is gone.
  JsonWriter(std::string& out, bool pretty) : out_(out), pretty_(pretty) {}

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }
  // Before each value of an array: the separator.
  void element() { separate(); }
  // Writes the separator and "name": ; the value follows. Names are ours,
  // plain, no escaping.
  void key(std::string_view name) {
    separate();
    out_.put('"');
    out_.put(name);
    out_.put(pretty_ ? std::string_view("\": ") : std::string_view("\":"));
  }
  // The same for a name known at compile time: one copy of a constant
  // `,"name":`, the common case on the hot path.
  template <JsonKeyName Name>
  void key() {
    constexpr size_t size = sizeof(Name.text);
    if (pretty_) {
      key(std::string_view(Name.text + 2, size - 4));
      return;
    }
    // Two copies of constant size, not one of a size known at run time:
    // the compiler makes each a few moves.
    char* at = out_.room(size);
    if (first_) {
      std::memcpy(at, Name.text + 1, size - 1);
      out_.advance(at + size - 1);
    } else {
      std::memcpy(at, Name.text, size);
      out_.advance(at + size);
    }
    first_ = false;
  }
  void string(std::string_view untrusted) {
    out_.advance(write_json_string(out_.room(json_string_room(untrusted.size())), untrusted));
  }
  // A string of sigtrace's own (a signal's or a syscall's name, a number):
  // nothing in it to escape, so it is copied as it is.
  void own_string(std::string_view ours) {
    char* at = out_.room(ours.size() + 2);
    *at++ = '"';
    at = copy_text(at, ours);
    *at++ = '"';
    out_.advance(at);
  }
  // The same, for what `write(cursor)` appends (append_via, a number).
  template <typename Write>
  void own_string_of(Write&& write) {
    out_.put('"');
    write(out_);
    out_.put('"');
  }
  template <std::integral T>
  void number(T value) {
    out_.number(value);
  }
  void boolean(bool value) { out_.put(value ? std::string_view("true") : "false"); }
  // Compact text a writer wrote before at the same place: a value after
  // its key, or members after others (their leading comma included).
  void written(std::string_view json) {
    out_.put(json);
    first_ = false;
  }
  // Where a value that is none of the above is written (a timestamp).
  TextCursor& out() { return out_; }

 private:
  void open(char bracket) {
    out_.put(bracket);
    ++depth_;
    first_ = true;
  }
  void close(char bracket) {
    --depth_;
    if (pretty_ && !first_) newline();
    out_.put(bracket);
    first_ = false;
  }
  void separate() {
    if (!first_) out_.put(',');
    if (pretty_) newline();
    first_ = false;
  }
  void newline() {
    char* at = out_.room(1 + static_cast<size_t>(depth_) * 2);
    *at++ = '\n';
    at = std::fill_n(at, depth_ * 2, ' ');
    out_.advance(at);
  }

  TextCursor out_;
  bool pretty_;
  int depth_ = 0;
  bool first_ = true;
};

}  // namespace sigtrace
