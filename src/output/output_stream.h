// Buffered output to a file descriptor: events are appended to memory and
// written in large chunks, once per batch, not once per event.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sigtrace {

class OutputStream {
 public:
  // stop: when set (by a signal handler), sigtrace is ending, and a reader
  // that takes nothing for a while is given up on instead of blocking the
  // exit forever.
  explicit OutputStream(int fd, const std::atomic<int>* stop = nullptr,
                        size_t flush_threshold = 256 * 1024);

  // Where formatters append.
  std::string& buffer() { return buffer_; }
  // Marks the end of one event's text in the buffer.
  void end_record() { record_ends_.push_back(buffer_.size()); }
  // Writes the buffer out once it holds more than the threshold.
  void flush_if_full() {
    if (buffer_.size() >= flush_threshold_) flush();
  }
  // Writes everything buffered. A reader that went away (EPIPE) closes the
  // stream quietly; other write errors throw Error(kRuntime).
  void flush();
  // Closes the stream if the reader of a pipe or terminal is gone, without
  // waiting for the next event to find out.
  void check_reader();
  bool closed() const { return closed_; }
  // Events formatted but never written: the reader was gone, or stopped
  // reading while sigtrace was ending.
  uint64_t unwritten() const { return unwritten_; }
  // Whether some of them were given up on because the reader stopped
  // reading (not because it went away).
  bool gave_up() const { return gave_up_; }

 private:
  using Clock = std::chrono::steady_clock;
  bool stopping();
  bool wait_writable();
  // Counts the events not written from `offset` on, drops them, and closes.
  void discard_from(size_t offset);

  int fd_;
  const std::atomic<int>* stop_;
  size_t flush_threshold_;
  std::string buffer_;
  std::vector<size_t> record_ends_;
  bool closed_ = false;
  uint64_t unwritten_ = 0;
  bool gave_up_ = false;
  std::optional<Clock::time_point> give_up_at_;
};

}  // namespace sigtrace
