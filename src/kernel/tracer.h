// The trace_signal object loaded into the running kernel: its programs
// attached for one mode, its filters set, its events readable. Owns every
// kernel resource it creates; destroying the Tracer detaches everything.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "common/mode.h"
#include "kernel/call_slots.h"
#include "kernel/kernel_filter.h"
#include "kernel/object_loading.h"
#include "transport/record_reader.h"

namespace sigtrace {

enum class Transport {
  kAuto,  // a ring buffer where the kernel has one
  kRingBuffer,
  kPerfBuffer,  // --perf-buffer: per-CPU perf buffers and gadget_heap
};

struct TracerOptions {
  Mode mode = Mode::kGenerate;
  Transport transport = Transport::kAuto;
  KernelFilter filter;
  // Ring buffer size, or the total of the per-CPU perf buffers.
  size_t buffer_bytes = size_t{16} << 20;
  // The reader is woken for the first event after this long without a
  // wakeup (and, on the perf buffer path, when a CPU's buffer holds
  // wakeup_bytes).
  std::chrono::milliseconds wakeup_interval{50};
  size_t wakeup_bytes = size_t{1} << 20;
  // --fate: the facts generation leaves, and the fate object's records of
  // deliveries and exits (kill-only mode: each signal a call generates).
  bool follow_fates = false;
  // Kill-only: how `values` holds the calls in flight (call_slots.h), and
  // the pid_max that decides it (the host's unless set).
  CallSlots call_slots = CallSlots::kAuto;
  std::optional<uint64_t> pid_max;
};

struct LossCounts {
  uint64_t events = 0;  // could not be reserved or sent, or dropped by the transport
  uint64_t calls = 0;   // kill-only: calls not followed because `values` was full
  uint64_t total() const { return events + calls; }
};

class Tracer {
 public:
  // Checks privileges and kernel, loads, fills the filter map, attaches.
  // Throws Error with the exit status that fits the failure.
  explicit Tracer(const TracerOptions& options);
  ~Tracer();
  Tracer(const Tracer&) = delete;
  Tracer& operator=(const Tracer&) = delete;

  // Reads what the buffers hold after waiting up to `timeout` for data.
  int poll(std::chrono::milliseconds timeout, RecordSink& sink);
  // While events keep coming: reads after a pause (RecordReader's).
  int pause_then_drain(std::chrono::milliseconds pause, RecordSink& sink);
  int drain(RecordSink& sink);
  // Stops the programs: after it, drain() reads the last events there will be.
  void detach();
  // poll() and a pause also return when this file descriptor becomes
  // readable.
  void wake_on(int fd);
  // Replaces the mount namespaces in gadget_mntns_filter_map, live.
  void set_mntns_list(const std::set<uint64_t>& mntns_ids);

  LossCounts losses() const;
  Transport transport() const;
  // How trace_signal was loaded (a loader program the kernel ran, or libbpf).
  LoadMethod load_method() const;
  // Kill-only mode: why kill_only could not load (calls then lack their
  // targets' names and namespaces, and the three syscalls it follows are
  // not traced); empty when it loaded.
  const std::string& target_resolution_problem() const;
  // Kill-only mode: the threads holding a slot in `values` now (with hashed
  // slots, each keeps one from its first call to its end while kill_only
  // runs; by tid, every possible tid has one: pid_max).
  size_t call_slots() const;
  // Kill-only mode: the layout `values` was loaded with.
  CallSlotLayout call_slot_layout() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sigtrace
