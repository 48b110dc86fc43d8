// Reading events out of the `events` map: a BPF ring buffer, or per-CPU perf
// buffers on kernels without one. Both hand each event to an EventSink.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "signal_event.h"

// The layout is shared with the BPF programs, which write every byte of it.
static_assert(sizeof(sigtrace_event) == 168, "sigtrace_event changed size: update both sides");

namespace sigtrace {

class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual void on_event(const sigtrace_event& event) = 0;
};

class EventReader {
 public:
  virtual ~EventReader() = default;
  // Waits up to timeout_ms for data, then hands over everything there.
  // Returns the number of events; 0 on timeout or when a signal interrupts.
  virtual int poll(int timeout_ms, EventSink& sink) = 0;
  // Hands over what is there now, without waiting.
  virtual int drain(EventSink& sink) = 0;
  // poll() also returns when fd becomes readable (it does not read it).
  virtual void wake_on(int fd) = 0;
  // Events the transport itself reports as dropped (perf "lost" records) and
  // records too short to be an event.
  virtual uint64_t dropped() const = 0;
};

// ring_bytes: the map's size (a power of two, a multiple of the page size).
std::unique_ptr<EventReader> make_ring_buffer_reader(int map_fd, size_t ring_bytes);

// bytes_per_cpu is rounded up to a power-of-two number of pages; the reader
// is woken once wakeup_bytes are waiting on a CPU (or on poll timeout).
std::unique_ptr<EventReader> make_perf_buffer_reader(int map_fd, size_t bytes_per_cpu,
                                                     size_t wakeup_bytes);

}  // namespace sigtrace
