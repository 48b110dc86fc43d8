#include "transport/time_ordered_batch.h"

#include <algorithm>
#include <cstring>

#include "signal_event.h"

namespace sigtrace {

void TimeOrderedBatch::on_record(std::span<const std::byte> record) {
  sigtrace_record_header header;
  std::memcpy(&header, record.data(), sizeof(header));  // readers check the size
  size_t offset = bytes_.size();
  bytes_.resize(offset + (record.size() + 7) / 8);
  std::memcpy(bytes_.data() + offset, record.data(), record.size());
  held_.push_back({header.timestamp_ns, offset, record.size()});
}

void TimeOrderedBatch::flush(RecordSink& next) {
  std::stable_sort(held_.begin(), held_.end(),
                   [](const Held& a, const Held& b) { return a.timestamp_ns < b.timestamp_ns; });
  for (const Held& record : held_) {
    next.on_record(
        std::as_bytes(std::span(bytes_.data() + record.offset, bytes_.size())).first(record.size));
  }
  held_.clear();
  bytes_.clear();
}

}  // namespace sigtrace
