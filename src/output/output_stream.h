// Buffered output to a file descriptor: events are appended to memory and
// written in large chunks, once per batch, not once per event.
#pragma once

#include <string>

namespace sigtrace {

class OutputStream {
 public:
  explicit OutputStream(int fd, size_t flush_threshold = 256 * 1024);

  // Where formatters append.
  std::string& buffer() { return buffer_; }
  // Writes the buffer out once it holds more than the threshold.
  void flush_if_full() {
    if (buffer_.size() >= flush_threshold_) flush();
  }
  // Writes everything buffered. A reader that went away (EPIPE) closes the
  // stream quietly; other write errors throw Error(kRuntime).
  void flush();
  bool closed() const { return closed_; }

 private:
  int fd_;
  size_t flush_threshold_;
  std::string buffer_;
  bool closed_ = false;
};

}  // namespace sigtrace
