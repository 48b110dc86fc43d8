// The columns sigtrace can print, their names for --fields and their text.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/mode.h"
#include "model/enriched_event.h"
#include "output/format_settings.h"
#include "output/time_format.h"

namespace sigtrace {

enum class Field {
  kTime,
  kComm,
  kPid,
  kTid,
  kPpid,
  kPtid,
  kPcomm,
  kUid,
  kUser,
  kGid,
  kGname,
  kMntns,
  kContainer,
  kK8sNamespace,
  kK8sPod,
  kK8sContainer,
  kTcomm,
  kTpid,
  kTnspid,
  kTtid,
  kTcontainer,
  kTk8sNamespace,
  kTk8sPod,
  kTk8sContainer,
  kSig,
  kSyscall,
  kError,
  kResult,
  kCode,
  kGroup,
  kTargets,
  kVia,
  kTrigger,
  kFate,
  kAfter,
};

enum class FieldModes { kBoth, kGenerateOnly, kKillOnly };

struct FieldSpec {
  Field field;
  std::string_view name;    // for --fields
  std::string_view header;  // column title
  size_t width;             // columns it takes (longer values are cut)
  FieldModes modes;
  std::string_view help;
};

std::span<const FieldSpec> field_specs();
const FieldSpec& spec_of(Field field);

// Which of the optional columns the defaults have.
struct DefaultColumns {
  bool time = false;        // -t
  bool containers = false;  // the host has a container runtime
  bool k8s = false;         // ... and pods
  bool fate = false;        // --fate
};

// COMM PID TID TCOMM TPID SIG, then RESULT CODE VIA or ERROR SYSCALL; TIME
// first with -t; CONTAINER and TCONTAINER after PID and TPID with
// containers, and the sender's K8S.NAMESPACE K8S.POD after CONTAINER with
// pods; FATE last with --fate.
std::vector<Field> default_fields(Mode mode, const DefaultColumns& with = {});

// The fields only --fate fills.
bool needs_fate(Field field);

// Whether any of these fields says where a task runs (container or pod).
bool shows_containers(const std::vector<Field>& fields);

// "comm,pid,sig": throws UsageError for an unknown name, a repeated one, or
// a field that the mode never fills.
std::vector<Field> parse_field_list(std::string_view list, Mode mode);

// The field's text for a column: terminal-safe, "-" when empty; for a
// container or pod field, "-" on the host and "?" where nobody can tell.
void append_field(std::string& out, Field field, const EnrichedEvent& event,
                  const FormatSettings& settings, TimeFormat& time);

}  // namespace sigtrace
