// Records from several buffers (per-CPU perf buffers, or a second object's
// ring buffer) come out of each in order, but interleaved by buffer. A batch
// holds what one read brought and hands it on by timestamp, so that a
// signal is never shown before one that was sent earlier.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "transport/record_reader.h"

namespace sigtrace {

class TimeOrderedBatch final : public RecordSink {
 public:
  // Copies the record (valid during the call only) into the batch.
  void on_record(std::span<const std::byte> record) override;
  // Hands every held record to `next`, oldest first (ties: in arrival
  // order), and empties the batch.
  void flush(RecordSink& next);

 private:
  struct Held {
    uint64_t timestamp_ns;
    size_t offset;
    size_t size;
  };
  // 8-byte words: records are handed on 8-byte aligned.
  std::vector<uint64_t> bytes_;
  std::vector<Held> held_;
};

}  // namespace sigtrace
