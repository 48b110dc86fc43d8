// A small streaming JSON writer: compact (one line) or indented.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "output/append.h"
#include "output/sanitize.h"

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
  JsonWriter(std::string& out, bool pretty) : out_(out), pretty_(pretty) {}

  void begin_object() {
    out_.push_back('{');
    ++depth_;
    first_ = true;
  }
  void end_object() {
    --depth_;
    if (pretty_ && !first_) newline();
    out_.push_back('}');
    first_ = false;
  }
  void begin_array() {
    out_.push_back('[');
    ++depth_;
    first_ = true;
  }
  void end_array() {
    --depth_;
    if (pretty_ && !first_) newline();
    out_.push_back(']');
    first_ = false;
  }
  // Before each value of an array: the separator.
  void element() { separate(); }
  // Writes the separator and "name": ; the value follows. Names are ours,
  // plain, no escaping.
  void key(std::string_view name) {
    separate();
    out_.push_back('"');
    out_.append(name);
    out_.append(pretty_ ? "\": " : "\":");
  }
  // The same for a name known at compile time: one append of a constant
  // `,"name":`, the common case on the hot path.
  template <JsonKeyName Name>
  void key() {
    constexpr std::string_view with_comma(Name.text, sizeof(Name.text));
    if (pretty_) {
      key(with_comma.substr(2, with_comma.size() - 4));
    } else {
      out_.append(first_ ? with_comma.substr(1) : with_comma);
      first_ = false;
    }
  }
  void string(std::string_view untrusted) { append_json_string(out_, untrusted); }
  // A string of sigtrace's own (a signal's or a syscall's name, a number):
  // nothing in it to escape, so it is copied as it is.
  void own_string(std::string_view ours) {
    own_string_of([&](std::string& out) { out.append(ours); });
  }
  // The same, for what `write(out)` appends (append_via, a fate summary).
  template <typename Write>
  void own_string_of(Write&& write) {
    out_.push_back('"');
    write(out_);
    out_.push_back('"');
  }
  template <typename T>
  void number(T value) {
    append_number(out_, value);
  }
  void boolean(bool value) { out_.append(value ? "true" : "false"); }
  std::string& out() { return out_; }

 private:
  void separate() {
    if (!first_) out_.push_back(',');
    if (pretty_) newline();
    first_ = false;
  }

  void newline() {
    out_.push_back('\n');
    out_.append(static_cast<size_t>(depth_) * 2, ' ');
  }

  std::string& out_;
  bool pretty_;
  int depth_ = 0;
  bool first_ = true;
};

}  // namespace sigtrace
