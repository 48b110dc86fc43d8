#include "transport/record_reader.h"

#include <bpf/libbpf.h>
#include <linux/perf_event.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <unistd.h>

#include <bit>
#include <cerrno>
#include <cstring>
#include <string>

#include "common/error.h"
#include "common/unique_fd.h"

namespace sigtrace {
namespace {

[[noreturn]] void fail(const char* step) {
  throw Error(ExitStatus::kRuntime, std::string(step) + ": " + std::strerror(errno));
}

int checked(int result, const char* what) {
  if (result < 0 && result != -EINTR) {
    throw Error(ExitStatus::kRuntime, std::string(what) + ": " + std::strerror(-result));
  }
  return result < 0 ? 0 : result;
}

// A BPF ring buffer read directly through its mappings, the kernel's ABI:
// a consumer page we write, then the producer page and the data area.
// Unlike libbpf's reader, which publishes its position after every record,
// this one publishes once per batch: the producer checks that position on
// every event, and a cache line bouncing between the two CPUs on every event
// costs the traced workload more than the event itself. The data area is
// mapped once, not twice in a row as libbpf does: a record wrapping around
// the end is copied together instead, and the buffer's memory is not
// counted twice in the resident size.
// A shared mapping of part of a map, unmapped when done.
class Mapping {
 public:
  Mapping(int fd, size_t offset, size_t length, int protection) : length_(length) {
    address_ = ::mmap(nullptr, length, protection, MAP_SHARED, fd, static_cast<off_t>(offset));
    if (address_ == MAP_FAILED) {
      throw Error(ExitStatus::kRuntime,
                  std::string("cannot map the ring buffer: ") + std::strerror(errno));
    }
  }
  ~Mapping() { ::munmap(address_, length_); }
  Mapping(const Mapping&) = delete;
  Mapping& operator=(const Mapping&) = delete;
  void* address() const { return address_; }

 private:
  void* address_;
  size_t length_;
};

class RingBufferReader final : public RecordReader {
 public:
  RingBufferReader(int map_fd, size_t ring_bytes)
      : page_(static_cast<size_t>(::sysconf(_SC_PAGESIZE))),
        mask_(ring_bytes - 1),
        consumer_(map_fd, 0, page_, PROT_READ | PROT_WRITE),
        producer_(map_fd, page_, page_ + ring_bytes, PROT_READ) {
    wake_on_data(map_fd);
  }
  RingBufferReader(const RingBufferReader&) = delete;
  RingBufferReader& operator=(const RingBufferReader&) = delete;

  int drain(RecordSink& sink) override {
    auto* consumer_pos = static_cast<uint64_t*>(consumer_.address());
    const auto* producer_pos = static_cast<const uint64_t*>(producer_.address());
    const char* data = static_cast<const char*>(producer_.address()) + page_;
    const uint64_t start = *consumer_pos;  // we are its only writer
    uint64_t position = start;
    uint64_t end = __atomic_load_n(producer_pos, __ATOMIC_ACQUIRE);
    int events = 0;
    while (position < end) {
      // Headers are 8 bytes at 8-byte offsets: they never wrap.
      uint64_t offset = position & mask_;
      uint32_t header =
          __atomic_load_n(reinterpret_cast<const uint32_t*>(data + offset), __ATOMIC_ACQUIRE);
      if (header & kBusy) break;  // reserved, not yet submitted
      uint32_t length = header & ~(kBusy | kDiscard);
      if (!(header & kDiscard)) {
        deliver(data, (offset + kHeaderSize) & mask_, length, sink);
        ++events;
      }
      position += (length + kHeaderSize + 7) & ~uint64_t{7};
    }
    __atomic_store_n(consumer_pos, position, __ATOMIC_RELEASE);
    last_drain_bytes_ = position - start;
    return events;
  }

  uint64_t dropped() const override { return malformed_; }
  bool filling_fast() const override { return last_drain_bytes_ > (mask_ + 1) / 8; }

 private:
  static constexpr uint32_t kBusy = 1u << 31;
  static constexpr uint32_t kDiscard = 1u << 30;
  static constexpr size_t kHeaderSize = 8;

  void deliver(const char* data, uint64_t offset, uint32_t length, RecordSink& sink) {
    if (length < sizeof(sigtrace_record_header) || length > kMaxRecordSize) {
      ++malformed_;
      return;
    }
    size_t until_end = mask_ + 1 - offset;
    if (until_end >= length) {
      // Records are 8-byte aligned.
      sink.on_record(std::as_bytes(std::span(data + offset, length)));
      return;
    }
    alignas(8) char wrapped[kMaxRecordSize];
    std::memcpy(wrapped, data + offset, until_end);
    std::memcpy(wrapped + until_end, data, length - until_end);
    sink.on_record(std::as_bytes(std::span(wrapped, length)));
  }

  size_t page_;
  uint64_t mask_;
  Mapping consumer_;  // the consumer page: our read position
  Mapping producer_;  // the producer page, then the data
  uint64_t malformed_ = 0;
  uint64_t last_drain_bytes_ = 0;
};

class PerfBufferReader final : public RecordReader {
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
    // libbpf's epoll set is for its buffers only; ours holds it and more.
    wake_on_data(perf_buffer__epoll_fd(perf_));
  }
  ~PerfBufferReader() override { perf_buffer__free(perf_); }
  PerfBufferReader(const PerfBufferReader&) = delete;
  PerfBufferReader& operator=(const PerfBufferReader&) = delete;

  // A wakeup comes only past the watermark, and then only for that CPU's
  // buffer: drain() reads them all.
  int drain(RecordSink& sink) override {
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
      // The raw size is padded to keep the sample 8-byte aligned.
      if (sample->size < sizeof(sigtrace_record_header) || sample->size > kMaxRecordSize) {
        ++self->dropped_;
      } else {
        // Raw sample data sits 4 bytes past an 8-byte boundary.
        alignas(8) char record[kMaxRecordSize];
        const char* data =
            reinterpret_cast<const char*>(header) + sizeof(perf_event_header) + sizeof(__u32);
        std::memcpy(record, data, sample->size);
        self->sink_->on_record(std::as_bytes(std::span(record, sample->size)));
        ++self->events_;
      }
    }
    return LIBBPF_PERF_EVENT_CONT;
  }

  perf_buffer* perf_ = nullptr;
  RecordSink* sink_ = nullptr;
  int events_ = 0;
  uint64_t dropped_ = 0;
};

}  // namespace

namespace {

void add_to(const UniqueFd& epoll, int fd) {
  epoll_event wanted{};
  wanted.events = EPOLLIN;
  if (::epoll_ctl(epoll.get(), EPOLL_CTL_ADD, fd, &wanted) != 0) fail("epoll");
}

void wait_on(const UniqueFd& epoll, int timeout_ms) {
  epoll_event ready{};
  if (::epoll_wait(epoll.get(), &ready, 1, timeout_ms) < 0 && errno != EINTR) fail("epoll_wait");
}

}  // namespace

RecordReader::RecordReader()
    : epoll_(::epoll_create1(EPOLL_CLOEXEC)), not_data_(::epoll_create1(EPOLL_CLOEXEC)) {
  if (!epoll_.valid() || !not_data_.valid()) fail("epoll");
}

void RecordReader::wake_on(int fd) {
  add_to(epoll_, fd);
  add_to(not_data_, fd);
}

void RecordReader::wake_on_data(int fd) {
  add_to(epoll_, fd);
}

// Most records are written without waking us (see the BPF side), so a
// timeout still looks for data.
int RecordReader::poll(int timeout_ms, RecordSink& sink) {
  wait_on(epoll_, timeout_ms);
  return drain(sink);
}

// A buffer's descriptor is readable for as long as data waits: waiting on
// it while events keep coming would return at once, again and again.
int RecordReader::pause_then_drain(int pause_ms, RecordSink& sink) {
  if (!filling_fast()) wait_on(not_data_, pause_ms);
  return drain(sink);
}

std::unique_ptr<RecordReader> make_ring_buffer_reader(int map_fd, size_t ring_bytes) {
  return std::make_unique<RingBufferReader>(map_fd, ring_bytes);
}

std::unique_ptr<RecordReader> make_perf_buffer_reader(int map_fd, size_t bytes_per_cpu,
                                                      size_t wakeup_bytes) {
  return std::make_unique<PerfBufferReader>(map_fd, bytes_per_cpu, wakeup_bytes);
}

}  // namespace sigtrace
