// Reading records out of the `events` map: a BPF ring buffer, or per-CPU
// perf buffers on kernels without one. Both hand each record, as the kernel
// wrote it, to a RecordSink.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "common/unique_fd.h"
#include "signal_event.h"

#include <span>

namespace sigtrace {

// The longest record any program writes; a longer one is malformed.
inline constexpr size_t kMaxRecordSize = 512;

// Records as the kernel wrote them, 8-byte aligned, at least a header long
// (model/records.h tells what they are). Valid during the call only.
class RecordSink {
 public:
  virtual ~RecordSink() = default;
  virtual void on_record(std::span<const std::byte> record) = 0;
};

class RecordReader {
 public:
  virtual ~RecordReader() = default;
  // Waits up to timeout_ms for data, then hands over everything there.
  // Returns the number of records; 0 on timeout or when a signal interrupts.
  int poll(int timeout_ms, RecordSink& sink);
  // While events keep coming: waits pause_ms whether data waits or not (a
  // wake_on() descriptor or a signal ends it early), then hands over what
  // is there. The producer then sees our position move once a pause, not
  // after every few records. No pause while the last read found the buffer
  // an eighth full: a small buffer must not fill while we wait.
  int pause_then_drain(int pause_ms, RecordSink& sink);
  // Hands over what is there now, without waiting.
  virtual int drain(RecordSink& sink) = 0;
  // poll() and pause_then_drain() also return when fd becomes readable
  // (neither reads it).
  void wake_on(int fd);
  // poll() also returns when another reader has data (its wait_fd()).
  void wake_on_data(int fd);
  // What poll() waits on, for another reader's wait to include.
  int wait_fd() const { return epoll_.get(); }
  // Records the transport itself reports as dropped (perf "lost" records)
  // and records too short or too long to be one.
  virtual uint64_t dropped() const = 0;
  // Whether the last drain() found an eighth of the buffer filled (a perf
  // buffer's reader does not know).
  virtual bool filling_fast() const { return false; }

 protected:
  RecordReader();
  // Where poll() waits: the buffers' descriptors, and those of wake_on().
  UniqueFd epoll_;
  // Where a pause waits: those of wake_on() only.
  UniqueFd not_data_;
};

// ring_bytes: the map's size (a power of two, a multiple of the page size).
std::unique_ptr<RecordReader> make_ring_buffer_reader(int map_fd, size_t ring_bytes);

// bytes_per_cpu is rounded up to a power-of-two number of pages; the reader
// is woken once wakeup_bytes are waiting on a CPU (or on poll timeout).
std::unique_ptr<RecordReader> make_perf_buffer_reader(int map_fd, size_t bytes_per_cpu,
                                                      size_t wakeup_bytes);

}  // namespace sigtrace
