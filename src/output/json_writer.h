// A small streaming JSON writer: compact (one line) or indented.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "output/append.h"
#include "output/sanitize.h"

namespace sigtrace {

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
  // Writes the separator and "name": ; the value follows.
  void key(std::string_view name) {
    if (!first_) out_.push_back(',');
    if (pretty_) newline();
    first_ = false;
    out_.push_back('"');
    out_.append(name);
    out_.append(pretty_ ? "\": " : "\":");
  }
  void string(std::string_view untrusted) { append_json_string(out_, untrusted); }
  template <typename T>
  void number(T value) {
    append_number(out_, value);
  }
  void boolean(bool value) { out_.append(value ? "true" : "false"); }
  std::string& out() { return out_; }

 private:
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
