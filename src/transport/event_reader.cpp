#include "transport/event_reader.h"

#include <bpf/libbpf.h>
#include <linux/perf_event.h>
#include <unistd.h>

#include <bit>
#include <cerrno>
#include <cstring>
#include <string>

#include "common/error.h"

namespace sigtrace {
namespace {

int checked(int result, const char* what) {
  if (result < 0 && result != -EINTR) {
    throw Error(ExitStatus::kRuntime, std::string(what) + ": " + std::strerror(-result));
  }
  return result < 0 ? 0 : result;
}

class RingBufferReader final : public EventReader {
 public:
  explicit RingBufferReader(int map_fd) {
    ring_ = ring_buffer__new(map_fd, &RingBufferReader::on_sample, this, nullptr);
    if (!ring_) {
      throw Error(ExitStatus::kRuntime,
                  std::string("cannot map the ring buffer: ") + std::strerror(errno));
    }
  }
  ~RingBufferReader() override { ring_buffer__free(ring_); }
  RingBufferReader(const RingBufferReader&) = delete;
  RingBufferReader& operator=(const RingBufferReader&) = delete;

  // Most events are written without waking us (see the BPF side), so a
  // timeout still looks for data.
  int poll(int timeout_ms, EventSink& sink) override {
    sink_ = &sink;
    int events = checked(ring_buffer__poll(ring_, timeout_ms), "reading the ring buffer");
    return events > 0 ? events : drain(sink);
  }
  int drain(EventSink& sink) override {
    sink_ = &sink;
    return checked(ring_buffer__consume(ring_), "reading the ring buffer");
  }
  uint64_t dropped() const override { return malformed_; }

 private:
  static int on_sample(void* ctx, void* data, size_t size) {
    auto* self = static_cast<RingBufferReader*>(ctx);
    if (size < sizeof(sigtrace_event)) {
      ++self->malformed_;
      return 0;
    }
    // Ring buffer records are 8-byte aligned.
    self->sink_->on_event(*static_cast<const sigtrace_event*>(data));
    return 0;
  }

  ring_buffer* ring_ = nullptr;
  EventSink* sink_ = nullptr;
  uint64_t malformed_ = 0;
};

class PerfBufferReader final : public EventReader {
 public:
  PerfBufferReader(int map_fd, size_t bytes_per_cpu, size_t wakeup_bytes) {
    perf_event_attr attr{};
    attr.type = PERF_TYPE_SOFTWARE;
    attr.config = PERF_COUNT_SW_BPF_OUTPUT;
    attr.sample_type = PERF_SAMPLE_RAW;
    attr.sample_period = 1;
    attr.watermark = 1;
    attr.wakeup_watermark = static_cast<__u32>(wakeup_bytes);
    size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
    size_t pages = std::bit_ceil((bytes_per_cpu + page - 1) / page);
    perf_ = perf_buffer__new_raw(map_fd, pages, &attr, &PerfBufferReader::on_record, this, nullptr);
    if (!perf_) {
      throw Error(ExitStatus::kRuntime,
                  std::string("cannot map the perf buffers: ") + std::strerror(errno));
    }
  }
  ~PerfBufferReader() override { perf_buffer__free(perf_); }
  PerfBufferReader(const PerfBufferReader&) = delete;
  PerfBufferReader& operator=(const PerfBufferReader&) = delete;

  // A wakeup comes only past the watermark, and then only for that CPU's
  // buffer: the others are read too.
  int poll(int timeout_ms, EventSink& sink) override {
    sink_ = &sink;
    events_ = 0;
    checked(perf_buffer__poll(perf_, timeout_ms), "reading the perf buffers");
    checked(perf_buffer__consume(perf_), "reading the perf buffers");
    return events_;
  }
  int drain(EventSink& sink) override {
    sink_ = &sink;
    events_ = 0;
    checked(perf_buffer__consume(perf_), "reading the perf buffers");
    return events_;
  }
  uint64_t dropped() const override { return dropped_; }

 private:
  // PERF_SAMPLE_RAW: the header, a u32 size, then the data.
  struct Sample {
    perf_event_header header;
    __u32 size;
  };
  struct Lost {
    perf_event_header header;
    __u64 id;
    __u64 lost;
  };

  static bpf_perf_event_ret on_record(void* ctx, int /*cpu*/, perf_event_header* header) {
    auto* self = static_cast<PerfBufferReader*>(ctx);
    if (header->type == PERF_RECORD_LOST) {
      self->dropped_ += reinterpret_cast<const Lost*>(header)->lost;
    } else if (header->type == PERF_RECORD_SAMPLE) {
      const auto* sample = reinterpret_cast<const Sample*>(header);
      if (sample->size < sizeof(sigtrace_event)) {
        ++self->dropped_;
      } else {
        // Raw sample data sits 4 bytes past an 8-byte boundary.
        sigtrace_event event;
        const char* data =
            reinterpret_cast<const char*>(header) + sizeof(perf_event_header) + sizeof(__u32);
        std::memcpy(&event, data, sizeof(event));
        self->sink_->on_event(event);
        ++self->events_;
      }
    }
    return LIBBPF_PERF_EVENT_CONT;
  }

  perf_buffer* perf_ = nullptr;
  EventSink* sink_ = nullptr;
  int events_ = 0;
  uint64_t dropped_ = 0;
};

}  // namespace

std::unique_ptr<EventReader> make_ring_buffer_reader(int map_fd) {
  return std::make_unique<RingBufferReader>(map_fd);
}

std::unique_ptr<EventReader> make_perf_buffer_reader(int map_fd, size_t bytes_per_cpu,
                                                     size_t wakeup_bytes) {
  return std::make_unique<PerfBufferReader>(map_fd, bytes_per_cpu, wakeup_bytes);
}

}  // namespace sigtrace
