// The kernel's rules for what becomes of a signal, at each moment the
// tracker sees (kernel/signal.c): when it is generated, when the target
// dequeues it, when the target exits. Pure functions, tested alone.
#pragma once

#include <cstdint>
#include <optional>

#include "model/fate.h"

namespace sigtrace {

// What is known of a signal at one moment: its fate, or what to wait for.
enum class Awaiting { kNothing, kDelivery, kExit };

struct Verdict {
  Awaiting awaiting = Awaiting::kNothing;
  FateKind fate = FateKind::kPending;  // when awaiting nothing

  static Verdict decided(FateKind kind) { return {Awaiting::kNothing, kind}; }
  static Verdict awaiting_delivery() { return {Awaiting::kDelivery, FateKind::kPending}; }
  static Verdict awaiting_exit() { return {Awaiting::kExit, FateKind::kPending}; }
  bool operator==(const Verdict&) const = default;
};

// signal_generate's result and the facts read right after it
// (enum sigtrace_fate_facts); group: sent to the whole process.
Verdict at_generation(int result, uint8_t facts, bool group);

// The target dequeued it (enum sigtrace_action); unkillable: an init.
Verdict at_delivery(int sig, uint8_t action, bool unkillable);

// A signal that was to end the process, at the process's end: the exit
// code says which signal did (wait(2)'s status: signal and core flag).
FateKind at_death(int sig, int exit_code);
ProcessExit exit_of(int exit_code);

}  // namespace sigtrace
