#include "app/pipeline.h"

namespace sigtrace {

void Pipeline::on_record(const sigtrace_event& record) {
  if (!caught_up_) {
    enricher_.catch_up();
    caught_up_ = true;
  }
  const EnrichedEvent& event = enricher_.enrich(record);
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
