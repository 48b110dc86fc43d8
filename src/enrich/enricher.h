// The enrich stage: from the kernel's record to the event every later stage
// sees (model/enriched_event.h), built once per event. What a run does not
// use is not looked up: container lookups only when some output or
// selection shows containers, user and group names only when asked for.
#pragma once

#include "enrich/clock.h"
#include "enrich/containers/attribution.h"
#include "enrich/id_names.h"
#include "enrich/kernel_functions.h"
#include "enrich/proc_target_names.h"
#include "model/enriched_event.h"

#include <span>

namespace sigtrace {

struct EnrichmentNeeds {
  bool containers = true;
  bool user_names = true;
  // Records may carry the sender's kernel stack (signal_generate's SIGKILLs
  // from the kernel, for the OOM killer): /proc/kallsyms is read at start.
  bool kernel_stacks = true;
};

class Enricher {
 public:
  // containers: nullptr when the run attributes no containers.
  Enricher(EnrichmentNeeds needs, ContainerAttribution* containers, BootClock clock = BootClock());

  // The event for this record, and the sender's kernel stack that came with
  // it (if any); valid until the next call.
  // fate: --fate's, from fate/; it must live as long as the event is used.
  const EnrichedEvent& enrich(const sigtrace_event& record, std::span<const uint64_t> stack = {},
                              const Fate* fate = nullptr);
  // Before the first record of each batch read: what changed meanwhile on
  // the host that the records may need (a container just created).
  void catch_up();
  // --fate: when a signal is generated, long before its event is enriched,
  // the containers of both ends are looked at while they still exist.
  void notice(const sigtrace_event& record);

 private:
  KnownTarget known_target(const sigtrace_event& record);
  Sender sender_of(const sigtrace_event& record);
  Sender the_kernel();
  bool through_the_oom_killer(std::span<const uint64_t> stack);

  EnrichmentNeeds needs_;
  ContainerAttribution* containers_;
  BootClock clock_;
  IdNames names_;
  ProcTargetNames proc_targets_;
  KernelFunctions oom_killer_{{"oom_kill_process", "__oom_kill_process"}};
  EnrichedEvent event_;
};

}  // namespace sigtrace
