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
  // Hands over what is there now, without waiting.
  virtual int drain(RecordSink& sink) = 0;
  // poll() also returns when fd becomes readable (it does not read it).
  void wake_on(int fd);
  // What poll() waits on, for another reader's wait to include.
  int wait_fd() const { return epoll_.get(); }
  // Records the transport itself reports as dropped (perf "lost" records)
  // and records too short or too long to be one.
  virtual uint64_t dropped() const = 0;

 protected:
  RecordReader();
  // Where poll() waits: the buffers' descriptor, and those of wake_on().
  UniqueFd epoll_;
};

// ring_bytes: the map's size (a power of two, a multiple of the page size).
std::unique_ptr<RecordReader> make_ring_buffer_reader(int map_fd, size_t ring_bytes);

// bytes_per_cpu is rounded up to a power-of-two number of pages; the reader
// is woken once wakeup_bytes are waiting on a CPU (or on poll timeout).
std::unique_ptr<RecordReader> make_perf_buffer_reader(int map_fd, size_t bytes_per_cpu,
                                                      size_t wakeup_bytes);

}  // namespace sigtrace
