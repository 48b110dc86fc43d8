#include "app/pipeline.h"

#include "model/records.h"

namespace sigtrace {

void Pipeline::on_record(std::span<const std::byte> bytes) {
  const sigtrace_event* record = signal_record(bytes);
  if (!record) return;
  const EnrichedEvent& event = enricher_.enrich(*record, stack_of(bytes));
  if (!selection_.keeps(event)) return;
  if (done()) {
    ++refused_;
    return;
  }
  formatter_.format(event, output_.buffer());
  output_.end_record();
  ++formatted_;
  output_.flush_if_full();
}

}  // namespace sigtrace
