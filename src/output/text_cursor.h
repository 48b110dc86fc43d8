// Writing text to the end of a string through a raw pointer, for the hot
// path of the JSON writer: room is made in large steps, each write says how
// much it may take at most, and no write checks or grows per character.
#pragma once

#include <algorithm>
#include <charconv>
#include <concepts>
#include <cstring>
#include <string>
#include <string_view>

namespace sigtrace {

// Inlined whatever the size of the caller: a call per write would cost more
// than the write.
#define SIGTRACE_INLINE [[gnu::always_inline]] inline

// Copies text to `at` and says where it ends. An empty view may hold a null
// pointer, which memcpy must not be given even for no bytes.
SIGTRACE_INLINE char* copy_text(char* at, std::string_view text) {
  if (!text.empty()) std::memcpy(at, text.data(), text.size());
  return at + text.size();
}

class TextCursor {
 public:
  // The most a number takes: 20 digits and a sign.
  static constexpr size_t kNumberRoom = 21;

  explicit TextCursor(std::string& out, size_t room = 2048) : out_(out) {
    size_t start = out_.size();
    out_.resize(start + room);
    at_ = out_.data() + start;
    end_ = out_.data() + out_.size();
  }
  // Gives back the room not written.
  ~TextCursor() { out_.resize(written()); }
  TextCursor(const TextCursor&) = delete;
  TextCursor& operator=(const TextCursor&) = delete;

  // Where at least n bytes may be written; pass the end of what was
  // written to advance().
  SIGTRACE_INLINE char* room(size_t n) {
    if (static_cast<size_t>(end_ - at_) < n) grow(n);
    return at_;
  }
  SIGTRACE_INLINE void advance(char* to) { at_ = to; }

  SIGTRACE_INLINE void put(char c) { *room(1) = c, ++at_; }
  SIGTRACE_INLINE void put(std::string_view text) { at_ = copy_text(room(text.size()), text); }
  // What std::string offers appending writers (append_via(), ...).
  void append(const char* text, size_t size) { put(std::string_view(text, size)); }
  void append(std::string_view text) { put(text); }

  // Where the next write goes, as an offset, and what was written since.
  size_t position() const { return written(); }
  std::string_view since(size_t position) const {
    return std::string_view(out_.data() + position, written() - position);
  }

  template <std::integral T>
  SIGTRACE_INLINE void number(T value) {
    at_ = std::to_chars(room(kNumberRoom), end_, value).ptr;
  }

  // For a writer that appends to a string (rare paths): the string with
  // what was written so far, and no room after it; the cursor goes on after
  // whatever the writer appended.
  template <typename Write>
  void through_string(Write&& write) {
    out_.resize(written());
    write(out_);
    size_t start = out_.size();
    out_.resize(start + kStep);
    at_ = out_.data() + start;
    end_ = out_.data() + out_.size();
  }

 private:
  static constexpr size_t kStep = 2048;

  size_t written() const { return static_cast<size_t>(at_ - out_.data()); }

  [[gnu::noinline]] void grow(size_t n) {
    size_t offset = written();
    out_.resize(out_.size() + std::max(n, kStep));
    at_ = out_.data() + offset;
    end_ = out_.data() + out_.size();
  }

  std::string& out_;
  char* at_;
  char* end_;
};

}  // namespace sigtrace
