#include "enrich/enricher.h"

#include "common/fixed_text.h"

namespace sigtrace {

Enricher::Enricher(EnrichmentNeeds needs, ContainerAttribution* containers, BootClock clock)
    : needs_(needs), containers_(needs.containers ? containers : nullptr), clock_(clock) {}

KnownTarget Enricher::known_target(const sigtrace_event& record) {
  // A probe or a refused call generated no signal: the kernel named no target.
  if (proc_targets_.wants(record)) {
    if (auto found = proc_targets_.find(record)) return *found;
  }
  KnownTarget target;
  target.tid = record.target.tid;
  target.mntns_id = record.target.mntns_id;
  target.comm = fixed_text(record.target.comm);
  return target;
}

void Enricher::catch_up() {
  if (containers_) containers_->catch_up();
}

const EnrichedEvent& Enricher::enrich(const sigtrace_event& record) {
  EnrichedEvent& event = event_;
  event.record = &record;
  event.wall_ns = clock_.to_wall_ns(record.header.timestamp_ns);
  event.target = known_target(record);
  event.numbers = number_target(record, event.target.tid);
  if (needs_.user_names) {
    event.user = names_.user(record.uid);
    event.group = names_.group(record.gid);
  }
  if (containers_) {
    containers_->notice(record, event.target);
    event.sender_place = containers_->sender_of(record);
    event.target_place = containers_->target_of(record, event.target);
  }
  return event;
}

}  // namespace sigtrace
