// The enrich stage: from the kernel's record to the event every later stage
// sees (model/enriched_event.h), built once per event. What a run does not
// use is not looked up: container lookups only when some output or
// selection shows containers, user and group names only when asked for.
#pragma once

#include "enrich/clock.h"
#include "enrich/containers/attribution.h"
#include "enrich/id_names.h"
#include "enrich/proc_target_names.h"
#include "model/enriched_event.h"

namespace sigtrace {

struct EnrichmentNeeds {
  bool containers = true;
  bool user_names = true;
};

class Enricher {
 public:
  // containers: nullptr when the run attributes no containers.
  Enricher(EnrichmentNeeds needs, ContainerAttribution* containers, BootClock clock = BootClock());

  // The event for this record; valid until the next call.
  const EnrichedEvent& enrich(const sigtrace_event& record);
  // Before the first record of each batch read: what changed meanwhile on
  // the host that the records may need (a container just created).
  void catch_up();

 private:
  KnownTarget known_target(const sigtrace_event& record);

  EnrichmentNeeds needs_;
  ContainerAttribution* containers_;
  BootClock clock_;
  IdNames names_;
  ProcTargetNames proc_targets_;
  EnrichedEvent event_;
};

}  // namespace sigtrace
