#include "output/fields.h"

#include <algorithm>
#include <array>
#include <optional>

#include "common/comma_list.h"
#include "common/error.h"
#include "model/event_names.h"
#include "model/signal_names.h"
#include "output/append.h"
#include "output/sanitize.h"

namespace sigtrace {
namespace {

using enum Field;
using enum FieldModes;

constexpr std::array<FieldSpec, 35> kSpecs = {{
    {kTime, "time", "TIME", 15, kBoth, "wall-clock time of the event"},
    {kComm, "comm", "COMM", 16, kBoth, "sender's command name"},
    {kPid, "pid", "PID", 7, kBoth, "sender's process id"},
    {kTid, "tid", "TID", 7, kBoth, "sender's thread id"},
    {kPpid, "ppid", "PPID", 7, kBoth, "sender's parent process id"},
    {kPtid, "ptid", "PTID", 7, kBoth, "sender's parent thread id"},
    {kPcomm, "pcomm", "PCOMM", 16, kBoth, "sender's parent command name"},
    {kUid, "uid", "UID", 6, kBoth, "sender's user id"},
    {kUser, "user", "USER", 10, kBoth, "sender's user name"},
    {kGid, "gid", "GID", 6, kBoth, "sender's group id"},
    {kGname, "gname", "GNAME", 10, kBoth, "sender's group name"},
    {kMntns, "mntns", "MNTNS", 11, kBoth, "sender's mount namespace id"},
    {kContainer, "container", "CONTAINER", 16, kBoth, "sender's container"},
    {kK8sNamespace, "k8s.namespace", "K8S.NAMESPACE", 16, kBoth, "sender's Kubernetes namespace"},
    {kK8sPod, "k8s.pod", "K8S.POD", 16, kBoth, "sender's Kubernetes pod"},
    {kK8sContainer, "k8s.container", "K8S.CONTAINER", 16, kBoth,
     "sender's container as its pod names it"},
    {kTcomm, "tcomm", "TCOMM", 16, kBoth, "target's command name"},
    {kTpid, "tpid", "TPID", 7, kBoth,
     "target's pid on the host (with -k and no single target: the argument, e.g. -PGID)"},
    {kTnspid, "tnspid", "TNSPID", 7, kBoth,
     "target's pid as the sender's pid namespace numbers it, when it differs"},
    {kTtid, "ttid", "TTID", 7, kBoth, "target's thread id as the kernel resolved it"},
    {kTcontainer, "tcontainer", "TCONTAINER", 16, kBoth, "target's container"},
    {kTk8sNamespace, "tk8s.namespace", "TK8S.NAMESPACE", 16, kBoth,
     "target's Kubernetes namespace"},
    {kTk8sPod, "tk8s.pod", "TK8S.POD", 16, kBoth, "target's Kubernetes pod"},
    {kTk8sContainer, "tk8s.container", "TK8S.CONTAINER", 16, kBoth,
     "target's container as its pod names it"},
    {kSig, "sig", "SIG", 11, kBoth, "the signal"},
    {kSyscall, "syscall", "SYSCALL", 17, kKillOnly,
     "kill, tkill, tgkill, rt_sigqueueinfo, rt_tgsigqueueinfo, pidfd_send_signal"},
    {kError, "error", "ERROR", 7, kBoth, "-k: the call's error; otherwise si_errno"},
    {kResult, "result", "RESULT", 15, kGenerateOnly,
     "delivered, ignored, already_pending, overflow_fail, lose_info"},
    {kCode, "code", "CODE", 13, kGenerateOnly, "si_code: SI_USER, SI_TKILL, SEGV_MAPERR, ..."},
    {kGroup, "group", "GROUP", 7, kGenerateOnly, "process: sent to the whole process; thread"},
    {kTargets, "targets", "TARGETS", 7, kKillOnly, "tasks the call sent the signal to (-k)"},
    {kVia, "via", "VIA", 17, kBoth,
     "where it came from: its syscall (kill, write, ...), fault, interrupt, oom, exit, kernel"},
    {kTrigger, "trigger", "TRIGGER", 16, kGenerateOnly,
     "oom: the task whose allocation triggered the OOM killer"},
    {kFate, "fate", "FATE", 14, kBoth,
     "--fate: handled, ignored, terminated, core_dumped, stopped, continued, merged, dropped, "
     "discarded, pending"},
    {kAfter, "after", "AFTER", 8, kBoth, "--fate: how long from the signal to its fate"},
}};

// spec_of() indexes the table by the enum's value.
static_assert([] {
  for (size_t i = 0; i < kSpecs.size(); ++i) {
    if (kSpecs[i].field != static_cast<Field>(i)) return false;
  }
  return true;
}());

bool available(const FieldSpec& spec, Mode mode) {
  return spec.modes == kBoth || (spec.modes == kKillOnly) == (mode == Mode::kKillOnly);
}

void append_text(std::string& out, std::string_view text) {
  if (text.empty()) {
    out.push_back('-');
  } else {
    append_terminal_safe(out, text);
  }
}

template <typename T>
void append_id_name(std::string& out, std::string_view name, T id) {
  if (name.empty()) {
    append_number(out, id);
  } else {
    append_terminal_safe(out, name);
  }
}

// What of a place a column shows: the container's name, a pod's names.
using PlacePart = std::string_view (*)(const Container&);

std::string_view container_name(const Container& c) {
  return c.name;
}
std::string_view pod_namespace(const Container& c) {
  return c.k8s.pod_namespace;
}
std::string_view pod_name(const Container& c) {
  return c.k8s.pod;
}
std::string_view pod_container(const Container& c) {
  return c.k8s.container;
}

void append_place(std::string& out, ContainerPlace place, PlacePart part) {
  if (!place.known) {
    out.push_back('?');
  } else {
    append_text(out, place.container ? part(*place.container) : std::string_view());
  }
}

template <typename T>
void append_optional(std::string& out, const std::optional<T>& value) {
  if (value) {
    append_number(out, *value);
  } else {
    out.push_back('-');
  }
}

void append_error(std::string& out, int error) {
  if (error == 0) {
    out.push_back('-');
  } else {
    append_name_or_number(out, errno_name(error), error);
  }
}

void append_via_cell(std::string& out, const Origin& origin) {
  size_t start = out.size();
  append_via(out, origin);
  if (out.size() == start) out.push_back('-');
}

void append_fate_cell(std::string& out, const Fate* fate) {
  size_t start = out.size();
  if (fate) append_fate_summary(out, *fate);
  if (out.size() == start) out.push_back('-');
}

// The longest a call's signals took: "35µs", "1.2ms", "10.0s".
void append_after(std::string& out, const Fate* fate) {
  if (!fate || fate->targets.empty()) {
    out.push_back('-');
    return;
  }
  uint64_t ns = 0;
  for (const TargetFate& target : fate->targets)
    ns = std::max(ns, target.fate_ns);
  append_duration(out, ns);
}

// kill(0), kill(-pgid), kill(-1) reach several tasks: no single name.
void append_target_name(std::string& out, const EnrichedEvent& event) {
  if (event.record->ntargets > 1) {
    out.push_back('(');
    append_number(out, event.record->ntargets);
    out.append(" tasks)");
  } else {
    append_text(out, event.target.comm);
  }
}

}  // namespace

std::span<const FieldSpec> field_specs() {
  return kSpecs;
}

const FieldSpec& spec_of(Field field) {
  return kSpecs[static_cast<size_t>(field)];
}

bool needs_fate(Field field) {
  return field == kFate || field == kAfter;
}

std::vector<Field> default_fields(Mode mode, const DefaultColumns& with) {
  std::vector<Field> fields;
  if (with.time) fields.push_back(kTime);
  fields.insert(fields.end(), {kComm, kPid, kTid});
  if (with.containers) fields.push_back(kContainer);
  if (with.k8s) fields.insert(fields.end(), {kK8sNamespace, kK8sPod});
  fields.insert(fields.end(), {kTcomm, kTpid});
  if (with.containers) fields.push_back(kTcontainer);
  fields.push_back(kSig);
  if (mode == Mode::kKillOnly) {
    fields.insert(fields.end(), {kError, kSyscall});
  } else {
    fields.insert(fields.end(), {kResult, kCode, kVia});
  }
  if (with.fate) fields.push_back(kFate);
  return fields;
}

bool shows_containers(const std::vector<Field>& fields) {
  return std::any_of(fields.begin(), fields.end(), [](Field field) {
    switch (field) {
      case kContainer:
      case kK8sNamespace:
      case kK8sPod:
      case kK8sContainer:
      case kTcontainer:
      case kTk8sNamespace:
      case kTk8sPod:
      case kTk8sContainer: return true;
      default: return false;
    }
  });
}

std::vector<Field> parse_field_list(std::string_view list, Mode mode) {
  std::vector<Field> fields;
  for (std::string_view name : split_list(list)) {
    auto spec = std::find_if(kSpecs.begin(), kSpecs.end(),
                             [&](const FieldSpec& s) { return s.name == name; });
    if (spec == kSpecs.end()) {
      std::string known;
      for (const auto& s : kSpecs) {
        if (!known.empty()) known += ',';
        known += s.name;
      }
      throw UsageError("unknown field '" + std::string(name) + "' (fields: " + known + ")");
    }
    if (!available(*spec, mode)) {
      throw UsageError(
          "field '" + std::string(name) + "' is only filled " +
          (spec->modes == kKillOnly ? "with -k/--kill-only" : "without -k/--kill-only"));
    }
    if (std::find(fields.begin(), fields.end(), spec->field) != fields.end()) {
      throw UsageError("field '" + std::string(name) + "' is listed twice");
    }
    fields.push_back(spec->field);
  }
  return fields;
}

void append_field(std::string& out, Field field, const EnrichedEvent& event,
                  const FormatSettings& settings, TimeFormat& time) {
  const sigtrace_event& record = *event.record;
  switch (field) {
    case kTime: time.append_clock(out, event.wall_ns); break;
    case kComm: append_text(out, event.sender.comm); break;
    case kPid: append_number(out, event.sender.tgid); break;
    case kTid: append_number(out, event.sender.tid); break;
    case kPpid: append_number(out, event.sender.ppid); break;
    case kPtid: append_number(out, event.sender.ptid); break;
    case kPcomm: append_text(out, event.sender.pcomm); break;
    case kUid: append_number(out, event.sender.uid); break;
    case kUser: append_id_name(out, event.sender.user, event.sender.uid); break;
    case kGid: append_number(out, event.sender.gid); break;
    case kGname: append_id_name(out, event.sender.group, event.sender.gid); break;
    case kMntns: append_number(out, event.sender.mntns_id); break;
    case kTcomm: append_target_name(out, event); break;
    case kTpid: append_number(out, event.numbers.tpid); break;
    case kTnspid: append_optional(out, event.numbers.tnspid); break;
    case kContainer: append_place(out, event.sender_place, container_name); break;
    case kK8sNamespace: append_place(out, event.sender_place, pod_namespace); break;
    case kK8sPod: append_place(out, event.sender_place, pod_name); break;
    case kK8sContainer: append_place(out, event.sender_place, pod_container); break;
    case kTcontainer: append_place(out, event.target_place, container_name); break;
    case kTk8sNamespace: append_place(out, event.target_place, pod_namespace); break;
    case kTk8sPod: append_place(out, event.target_place, pod_name); break;
    case kTk8sContainer: append_place(out, event.target_place, pod_container); break;
    case kTtid: append_optional(out, event.numbers.ttid); break;
    case kSig: out.append(signal_name(record.sig)); break;
    case kSyscall: append_text(out, syscall_name(record.source)); break;
    case kError: append_error(out, record.error); break;
    case kResult: append_name_or_number(out, result_name(record.result), record.result); break;
    case kCode:
      append_name_or_number(out, si_code_name(record.sig, record.code), record.code);
      break;
    case kGroup: out.append(record.group ? "process" : "thread"); break;
    case kTargets:
      if (settings.targets_resolved) {
        append_number(out, record.ntargets);
      } else {
        out.push_back('-');
      }
      break;
    case kVia: append_via_cell(out, event.origin); break;
    case kTrigger:
      append_text(out, event.trigger ? fixed_text(event.trigger->comm) : std::string_view());
      break;
    case kFate: append_fate_cell(out, event.fate); break;
    case kAfter: append_after(out, event.fate); break;
  }
}

}  // namespace sigtrace
