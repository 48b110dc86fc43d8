// What became of a signal (--fate, column FATE, key `fate`): the end of its
// story, as fate/ follows it from generation to delivery or to the target's
// exit. A kill-only call has one story per signal it generated.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sigtrace {

enum class FateKind {
  kHandled,     // delivered to a handler, or taken by sigwaitinfo(2)
  kIgnored,     // SIG_IGN, a default-ignore signal, an init's default
  kTerminated,  // its default action ended the process
  kCoreDumped,  // ... and a core was written
  kStopped,     // its default action stopped the process
  kContinued,   // it resumed a stopped process
  kMerged,      // not queued: the same standard signal was already pending
  kDropped,     // not queued: the real-time queue was full
  kDiscarded,   // the target exited before it was delivered
  kPending,     // still pending when sigtrace stopped
  kUnfollowed,  // not followed: too many signals were in flight
};

// The process's end, for a signal that ended it.
struct ProcessExit {
  int signal = 0;
  bool core_dumped = false;
  bool whole_process = true;  // the last thread exited (not one thread alone)
};

struct TargetFate {
  uint32_t tid = 0;  // the target, as the kernel resolved it
  uint32_t tgid = 0;
  FateKind kind = FateKind::kPending;
  uint64_t fate_ns = 0;  // from generation to the fate
  bool waited = false;   // taken by sigwaitinfo(2)/sigtimedwait(2), not a handler
  std::optional<ProcessExit> exit;
};

// One entry per generated signal: one in default mode; in kill-only mode as
// many as the call generated (none for a probe or a failed call).
struct Fate {
  std::vector<TargetFate> targets;
};

std::string_view fate_name(FateKind kind);

// Every kind's name, in the order above (for --help and parsing).
const std::vector<std::string_view>& fate_names();

// The FATE cell: "terminated", or "terminated×3", "handled,ignored×2" for a
// call that reached several targets; empty for none.
void append_fate_summary(std::string& out, const Fate& fate);

// A fate that ended the process: terminated or core_dumped.
bool is_death(FateKind kind);
bool has_death(const Fate& fate);

}  // namespace sigtrace
