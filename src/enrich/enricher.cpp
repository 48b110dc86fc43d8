#include "enrich/enricher.h"

#include <algorithm>

#include "common/fixed_text.h"

namespace sigtrace {

Enricher::Enricher(EnrichmentNeeds needs, ContainerAttribution* containers, BootClock clock)
    : needs_(needs), containers_(needs.containers ? containers : nullptr), clock_(clock) {
  if (needs.kernel_stacks) oom_killer_.load_in_background();
}

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

Sender Enricher::sender_of(const sigtrace_event& record) {
  Sender sender;
  sender.comm = fixed_text(record.sender.comm);
  sender.tgid = record.sender.tgid;
  sender.tid = record.sender.tid;
  sender.mntns_id = record.sender.mntns_id;
  sender.uid = record.uid;
  sender.gid = record.gid;
  if (needs_.user_names) {
    sender.user = names_.user(record.uid);
    sender.group = names_.group(record.gid);
  }
  sender.pcomm = fixed_text(record.pcomm);
  sender.ppid = record.ppid;
  sender.ptid = record.ptid;
  return sender;
}

Sender Enricher::the_kernel() {
  Sender kernel;
  kernel.comm = "[kernel]";
  kernel.kernel = true;
  if (needs_.user_names) {
    kernel.user = names_.user(0);
    kernel.group = names_.group(0);
  }
  return kernel;
}

bool Enricher::through_the_oom_killer(std::span<const uint64_t> stack) {
  return std::any_of(stack.begin(), stack.end(),
                     [&](uint64_t address) { return oom_killer_.contain(address); });
}

void Enricher::catch_up() {
  if (containers_) containers_->catch_up();
}

void Enricher::notice(const sigtrace_event& record) {
  if (containers_) containers_->notice(record, known_target(record));
}

const EnrichedEvent& Enricher::enrich(const sigtrace_event& record, std::span<const uint64_t> stack,
                                      const Fate* fate) {
  EnrichedEvent& event = event_;
  event.record = &record;
  event.wall_ns = clock_.to_wall_ns(record.header.timestamp_ns);
  event.target = known_target(record);
  event.numbers = number_target(record, event.target.tid);
  event.origin = classify_origin(record, !stack.empty() && through_the_oom_killer(stack));
  bool by_the_kernel = sent_by_the_kernel(event.origin);
  event.sender = by_the_kernel ? the_kernel() : sender_of(record);
  event.trigger = event.origin.kind == OriginKind::kOom ? &record.sender : nullptr;
  event.fate = fate;
  if (containers_) {
    containers_->notice(record, event.target);
    // The kernel sent it from no task: no container of a sender either.
    event.sender_place =
        by_the_kernel ? ContainerPlace::of(nullptr) : containers_->sender_of(record);
    event.target_place = containers_->target_of(record, event.target);
  }
  return event;
}

}  // namespace sigtrace
