#include "output/fields.h"

#include <algorithm>
#include <array>

#include "common/error.h"
#include "events/event_names.h"
#include "events/signal_names.h"
#include "events/target_view.h"
#include "output/append.h"
#include "output/sanitize.h"

namespace sigtrace {
namespace {

using enum Field;
using enum FieldModes;

constexpr std::array<FieldSpec, 25> kSpecs = {{
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
    {kTcomm, "tcomm", "TCOMM", 16, kBoth, "target's command name"},
    {kTpid, "tpid", "TPID", 7, kBoth,
     "target's pid on the host (with -k and no single target: the argument, e.g. -PGID)"},
    {kTnspid, "tnspid", "TNSPID", 7, kBoth,
     "target's pid as the sender's pid namespace numbers it, when it differs"},
    {kTtid, "ttid", "TTID", 7, kBoth, "target's thread id as the kernel resolved it"},
    {kTcontainer, "tcontainer", "TCONTAINER", 16, kBoth, "target's container"},
    {kSig, "sig", "SIG", 11, kBoth, "the signal"},
    {kSyscall, "syscall", "SYSCALL", 7, kKillOnly, "kill, tkill or tgkill"},
    {kError, "error", "ERROR", 7, kBoth, "-k: the call's error; otherwise si_errno"},
    {kResult, "result", "RESULT", 15, kGenerateOnly,
     "delivered, ignored, already_pending, overflow_fail, lose_info"},
    {kCode, "code", "CODE", 13, kGenerateOnly, "si_code: SI_USER, SI_TKILL, SEGV_MAPERR, ..."},
    {kGroup, "group", "GROUP", 7, kGenerateOnly, "process: sent to the whole process; thread"},
    {kTargets, "targets", "TARGETS", 7, kKillOnly, "tasks the call sent the signal to (-k)"},
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

void append_container(std::string& out, const Container* container) {
  append_text(out, container ? std::string_view(container->name) : std::string_view());
}

// A name where there is one, else the number itself.
void append_name_or_number(std::string& out, std::string_view name, int number) {
  if (name.empty()) {
    append_number(out, number);
  } else {
    out.append(name);
  }
}

}  // namespace

std::span<const FieldSpec> field_specs() {
  return kSpecs;
}

const FieldSpec& spec_of(Field field) {
  return kSpecs[static_cast<size_t>(field)];
}

std::vector<Field> default_fields(Mode mode, bool with_time, bool with_containers) {
  std::vector<Field> fields;
  if (with_time) fields.push_back(kTime);
  fields.insert(fields.end(), {kComm, kPid, kTid});
  if (with_containers) fields.push_back(kContainer);
  fields.insert(fields.end(), {kTcomm, kTpid});
  if (with_containers) fields.push_back(kTcontainer);
  fields.push_back(kSig);
  if (mode == Mode::kKillOnly) {
    fields.insert(fields.end(), {kError, kSyscall});
  } else {
    fields.insert(fields.end(), {kResult, kCode});
  }
  return fields;
}

std::vector<Field> parse_field_list(std::string_view list, Mode mode) {
  std::vector<Field> fields;
  while (true) {
    size_t comma = list.find(',');
    std::string_view name = list.substr(0, comma);
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
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return fields;
}

std::string_view syscall_name(const sigtrace_event& event) {
  switch (event.source) {
    case SIGTRACE_SOURCE_KILL: return "kill";
    case SIGTRACE_SOURCE_TKILL: return "tkill";
    case SIGTRACE_SOURCE_TGKILL: return "tgkill";
    default: return {};
  }
}

void append_field(std::string& out, Field field, const sigtrace_event& event,
                  EventContext& context) {
  switch (field) {
    case kTime:
      context.time.append_clock(out, context.clock.to_wall_ns(event.header.timestamp_ns));
      break;
    case kComm: append_text(out, fixed_text(event.sender.comm)); break;
    case kPid: append_number(out, event.sender.tgid); break;
    case kTid: append_number(out, event.sender.tid); break;
    case kPpid: append_number(out, event.ppid); break;
    case kPtid: append_number(out, event.ptid); break;
    case kPcomm: append_text(out, fixed_text(event.pcomm)); break;
    case kUid: append_number(out, event.uid); break;
    case kUser: append_id_name(out, context.names.user(event.uid), event.uid); break;
    case kGid: append_number(out, event.gid); break;
    case kGname: append_id_name(out, context.names.group(event.gid), event.gid); break;
    case kMntns: append_number(out, event.sender.mntns_id); break;
    case kTcomm:
      if (event.ntargets > 1) {
        // kill(0), kill(-pgid), kill(-1): no single name to show.
        out.push_back('(');
        append_number(out, event.ntargets);
        out.append(" tasks)");
      } else {
        append_text(out, fixed_text(event.target.comm));
      }
      break;
    case kTpid: append_number(out, host_tpid(event)); break;
    case kTnspid:
      if (auto seen = sender_tpid(event)) {
        append_number(out, *seen);
      } else {
        out.push_back('-');
      }
      break;
    case kContainer: append_container(out, context.sender_container(event)); break;
    case kTcontainer: append_container(out, context.target_container(event)); break;
    case kTtid:
      if (auto tid = single_target_tid(event)) {
        append_number(out, *tid);
      } else {
        out.push_back('-');
      }
      break;
    case kSig: out.append(signal_name(event.sig)); break;
    case kSyscall: append_text(out, syscall_name(event)); break;
    case kError:
      if (event.error == 0) {
        out.push_back('-');
      } else {
        append_name_or_number(out, errno_name(event.error), event.error);
      }
      break;
    case kResult: append_name_or_number(out, result_name(event.result), event.result); break;
    case kCode: append_name_or_number(out, si_code_name(event.sig, event.code), event.code); break;
    case kGroup: out.append(event.group ? "process" : "thread"); break;
    case kTargets:
      if (context.targets_resolved) {
        append_number(out, event.ntargets);
      } else {
        out.push_back('-');
      }
      break;
  }
}

}  // namespace sigtrace
