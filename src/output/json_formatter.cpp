#include "model/event_names.h"
#include "model/fate.h"
#include "model/signal_names.h"
#include "output/formatter.h"
#include "output/json_writer.h"
#include "output/sanitize.h"

#include <optional>
#include <string>
#include <string_view>

namespace sigtrace {
namespace {

// The name where there is one, else the number as a string: the key keeps
// one type.
void name_or_number(JsonWriter& json, std::string_view name, int number) {
  if (name.empty()) {
    json.own_string_of([&](TextCursor& out) { out.number(number); });
  } else {
    json.own_string(name);
  }
}

// A storm repeats one sender event after event. Its "proc" object is
// formatted once and copied while the sender stays the same: a compare of
// its fields instead of four escaped strings and seven numbers.
class SenderMemo {
 public:
  bool holds(const Sender& sender) const {
    return valid_ && sender.tgid == key_.tgid && sender.tid == key_.tid &&
           sender.mntns_id == key_.mntns_id && sender.uid == key_.uid && sender.gid == key_.gid &&
           sender.ppid == key_.ppid && sender.ptid == key_.ptid && sender.kernel == key_.kernel &&
           sender.comm == comm_ && sender.pcomm == pcomm_ && sender.user == user_ &&
           sender.group == group_;
  }
  // Learns a sender only when a thread sends twice in a row: traffic from
  // many senders pays a compare, not a copy.
  bool worth_keeping(const Sender& sender) {
    bool again = sender.tid == last_tid_;
    last_tid_ = sender.tid;
    return again;
  }
  // Copies into strings that keep their room: no allocation once warm.
  void keep(const Sender& sender, std::string_view json) {
    key_ = sender;
    comm_.assign(sender.comm);
    pcomm_.assign(sender.pcomm);
    user_.assign(sender.user);
    group_.assign(sender.group);
    json_.assign(json);
    valid_ = true;
  }
  std::string_view json() const { return json_; }

 private:
  bool valid_ = false;
  uint32_t last_tid_ = 0;
  Sender key_;  // its numbers; the texts are copies below
  std::string comm_, pcomm_, user_, group_;
  std::string json_;
};

// What the members from "sig" to "result_raw" of a generated signal are
// made of: in a storm, the same event after event.
struct GeneratedFacts {
  int32_t sig = 0;
  int32_t error = 0;
  int32_t code = 0;
  int32_t result = 0;
  bool group = false;
  OriginKind via = OriginKind::kUnknown;
  int syscall_nr = -1;
  bool operator==(const GeneratedFacts&) const = default;
};

// The same for a call's members from "sig" to "ttid" (kill-only).
struct CallFacts {
  int32_t sig = 0;
  int32_t error = 0;
  OriginKind via = OriginKind::kUnknown;
  int syscall_nr = -1;
  uint8_t source = 0;
  int32_t pid_arg = 0;
  int32_t tgid_arg = 0;
  uint32_t call_flags = 0;
  uint32_t ntargets = 0;
  std::optional<uint32_t> ttid;
  bool operator==(const CallFacts&) const = default;
};

// Their text, kept once the same facts come twice in a row.
template <typename Facts>
class FactsMemo {
 public:
  bool holds(const Facts& facts) const { return valid_ && facts == kept_; }
  std::string_view json() const { return json_; }
  bool worth_keeping(const Facts& facts) {
    bool again = facts == last_;
    last_ = facts;
    return again;
  }
  void keep(const Facts& facts, std::string_view json) {
    kept_ = facts;
    json_.assign(json);
    valid_ = true;
  }

 private:
  bool valid_ = false;
  Facts kept_;
  Facts last_;
  std::string json_;
};

class JsonFormatter final : public EventFormatter {
 public:
  JsonFormatter(bool pretty, const FormatSettings& settings)
      : pretty_(pretty), settings_(settings) {}

  void begin(std::string&) override {}

  void format(const EnrichedEvent& enriched, std::string& out) override {
    const sigtrace_event& event = *enriched.record;
    JsonWriter json(out, pretty_);
    json.begin_object();
    timestamp(json, enriched.wall_ns);
    process(json, enriched.sender);
    place(json, enriched.sender_place, {"runtime", "k8s", "runtime_unknown"});
    target(json, enriched);
    place(json, enriched.target_place, {"truntime", "tk8s", "truntime_unknown"});
    if (event.source == SIGTRACE_SOURCE_GENERATE) {
      generated(json, enriched);
    } else {
      call(json, enriched);
    }
    if (enriched.fate) fate(json, *enriched.fate, event.source == SIGTRACE_SOURCE_GENERATE);
    json.end_object();
    json.out().put('\n');
  }

 private:
  void timestamp(JsonWriter& json, uint64_t wall_ns) {
    json.key<"timestamp">();
    json.own_string_of([&](TextCursor& out) { time_.append_rfc3339(out, wall_ns); });
    json.key<"timestamp_raw">();
    json.number(wall_ns);
  }

  void process(JsonWriter& json, const Sender& sender) {
    json.key<"proc">();
    // Indented text depends on where the object sits: written each time.
    if (!pretty_ && sender_memo_.holds(sender)) {
      json.written(sender_memo_.json());
      return;
    }
    bool keep = !pretty_ && sender_memo_.worth_keeping(sender);
    size_t start = json.out().position();
    process_object(json, sender);
    if (keep) sender_memo_.keep(sender, json.out().since(start));
  }

  void process_object(JsonWriter& json, const Sender& sender) {
    json.begin_object();
    json.key<"comm">();
    json.string(sender.comm);
    json.key<"pid">();
    json.number(sender.tgid);
    json.key<"tid">();
    json.number(sender.tid);
    json.key<"mntns_id">();
    json.number(sender.mntns_id);
    if (sender.kernel) {
      // Generated in an interrupt or by the OOM killer: no task sent it.
      json.key<"kernel">();
      json.boolean(true);
    }
    json.key<"creds">();
    json.begin_object();
    json.key<"uid">();
    json.number(sender.uid);
    json.key<"gid">();
    json.number(sender.gid);
    json.key<"user">();
    json.string(sender.user);
    json.key<"group">();
    json.string(sender.group);
    json.end_object();
    if (!sender.kernel) parent(json, sender);
    json.end_object();
  }

  void parent(JsonWriter& json, const Sender& sender) {
    json.key<"parent">();
    json.begin_object();
    json.key<"comm">();
    json.string(sender.pcomm);
    json.key<"pid">();
    json.number(sender.ppid);
    json.key<"tid">();
    json.number(sender.ptid);
    json.end_object();
  }

  // Where it came from; for an OOM kill, the task that triggered it.
  void origin(JsonWriter& json, const EnrichedEvent& enriched) {
    json.key<"via">();
    json.own_string_of([&](TextCursor& out) { append_via(out, enriched.origin); });
    if (!enriched.trigger) return;
    json.key<"trigger">();
    json.begin_object();
    json.key<"comm">();
    json.string(fixed_text(enriched.trigger->comm));
    json.key<"pid">();
    json.number(enriched.trigger->tgid);
    json.key<"tid">();
    json.number(enriched.trigger->tid);
    json.end_object();
  }

  struct PlaceKeys {
    const char* container;
    const char* k8s;
    const char* unknown;
  };

  // IG's "runtime" and "k8s" objects; neither on the host. A task nobody
  // could place has neither either, but `"runtime_unknown": true`: an
  // absent "runtime" keeps meaning the host.
  void place(JsonWriter& json, ContainerPlace place, PlaceKeys keys) {
    if (!place.known) {
      json.key(keys.unknown);
      json.boolean(true);
      return;
    }
    if (!place.container) return;
    container(json, keys.container, *place.container);
    if (!place.container->k8s.empty()) kubernetes(json, keys.k8s, place.container->k8s);
  }

  void kubernetes(JsonWriter& json, const char* key, const KubernetesNames& k8s) {
    json.key(key);
    json.begin_object();
    json.key<"namespace">();
    json.string(k8s.pod_namespace);
    json.key<"podName">();
    json.string(k8s.pod);
    json.key<"containerName">();
    json.string(k8s.container);
    json.end_object();
  }

  void container(JsonWriter& json, const char* key, const Container& container) {
    json.key(key);
    json.begin_object();
    json.key<"containerName">();
    json.string(container.name);
    json.key<"containerId">();
    json.string(container.id);
    json.key<"runtimeName">();
    json.string(container.runtime);
    json.key<"containerImageName">();
    json.string(container.image);
    json.end_object();
  }

  void target(JsonWriter& json, const EnrichedEvent& enriched) {
    json.key<"tpid">();
    json.number(enriched.numbers.tpid);
    if (enriched.numbers.tnspid) {
      json.key<"tnspid">();
      json.number(*enriched.numbers.tnspid);
    }
    json.key<"tcomm">();
    // A group kill reaches several tasks: "targets" counts them, none is named.
    json.string(enriched.record->ntargets > 1 ? std::string_view() : enriched.target.comm);
  }

  void signal(JsonWriter& json, const sigtrace_event& event) {
    json.key<"sig">();
    json.own_string(signal_name(event.sig));
    json.key<"sig_raw">();
    json.number(event.sig);
    json.key<"error">();
    if (event.error == 0) {
      json.own_string("");
    } else {
      name_or_number(json, errno_name(event.error), event.error);
    }
    json.key<"error_raw">();
    json.number(event.error);
  }

  // From "sig" on: copied while the facts repeat, written otherwise (and
  // always for an OOM kill, whose trigger is named, or when indented).
  template <typename Facts, typename Write>
  void memoized(JsonWriter& json, const EnrichedEvent& enriched, FactsMemo<Facts>& memo,
                const Facts& facts, Write&& write) {
    bool usable = !pretty_ && !enriched.trigger;
    if (usable && memo.holds(facts)) {
      json.written(memo.json());
      return;
    }
    bool keep = usable && memo.worth_keeping(facts);
    size_t start = json.out().position();
    write();
    if (keep) memo.keep(facts, json.out().since(start));
  }

  void generated(JsonWriter& json, const EnrichedEvent& enriched) {
    const sigtrace_event& event = *enriched.record;
    GeneratedFacts facts{event.sig,
                         event.error,
                         event.code,
                         event.result,
                         event.group != 0,
                         enriched.origin.kind,
                         enriched.origin.syscall_nr};
    memoized(json, enriched, generated_memo_, facts, [&] {
      signal(json, event);
      origin(json, enriched);
      generate_details(json, event);
    });
  }

  void call(JsonWriter& json, const EnrichedEvent& enriched) {
    const sigtrace_event& event = *enriched.record;
    CallFacts facts{
        event.sig,      event.error,          enriched.origin.kind, enriched.origin.syscall_nr,
        event.source,   event.pid_arg,        event.tgid_arg,       event.call_flags,
        event.ntargets, enriched.numbers.ttid};
    memoized(json, enriched, call_memo_, facts, [&] {
      signal(json, event);
      origin(json, enriched);
      syscall_details(json, enriched);
    });
  }

  void generate_details(JsonWriter& json, const sigtrace_event& event) {
    json.key<"code">();
    name_or_number(json, si_code_name(event.sig, event.code), event.code);
    json.key<"code_raw">();
    json.number(event.code);
    json.key<"group">();
    json.boolean(event.group != 0);
    json.key<"result">();
    name_or_number(json, result_name(event.result), event.result);
    json.key<"result_raw">();
    json.number(event.result);
  }

  void syscall_details(JsonWriter& json, const EnrichedEvent& enriched) {
    const sigtrace_event& event = *enriched.record;
    json.key<"syscall">();
    json.own_string(syscall_name(event.source));
    if (event.source == SIGTRACE_SOURCE_TGKILL ||
        event.source == SIGTRACE_SOURCE_RT_TGSIGQUEUEINFO) {
      json.key<"tgid">();
      json.number(event.tgid_arg);
    }
    if (event.source == SIGTRACE_SOURCE_PIDFD_SEND_SIGNAL) {
      json.key<"pidfd">();
      json.number(event.pid_arg);
      if (event.call_flags) {
        json.key<"pidfd_flags">();
        json.number(event.call_flags);
      }
    }
    if (settings_.targets_resolved) {
      json.key<"targets">();
      json.number(event.ntargets);
      if (enriched.numbers.ttid) {
        json.key<"ttid">();
        json.number(*enriched.numbers.ttid);
      }
    }
  }

  // --fate. A generated signal's own keys; a call's, one object per signal
  // it generated, after a summary like the FATE column's.
  void fate(JsonWriter& json, const Fate& fate, bool generated) {
    if (generated && fate.targets.size() == 1) {
      target_fate(json, fate.targets[0]);
      return;
    }
    json.key<"fate">();
    json.own_string_of([&](TextCursor& out) {
      out.through_string([&](std::string& text) { append_fate_summary(text, fate); });
    });
    json.key<"fates">();
    json.begin_array();
    for (const TargetFate& target : fate.targets) {
      json.element();
      json.begin_object();
      json.key<"tpid">();
      json.number(target.tgid);
      json.key<"ttid">();
      json.number(target.tid);
      target_fate(json, target);
      json.end_object();
    }
    json.end_array();
  }

  void target_fate(JsonWriter& json, const TargetFate& target) {
    json.key<"fate">();
    json.own_string(fate_name(target.kind));
    json.key<"fate_ns">();
    json.number(target.fate_ns);
    if (target.waited) {
      json.key<"waited">();
      json.boolean(true);
    }
    if (!target.exit) return;
    json.key<"exit">();
    json.begin_object();
    json.key<"signal">();
    json.own_string(signal_name(target.exit->signal));
    json.key<"signal_raw">();
    json.number(target.exit->signal);
    json.key<"core_dumped">();
    json.boolean(target.exit->core_dumped);
    json.key<"whole_process">();
    json.boolean(target.exit->whole_process);
    json.end_object();
  }

  bool pretty_;
  FormatSettings settings_;
  TimeFormat time_;
  SenderMemo sender_memo_;
  FactsMemo<GeneratedFacts> generated_memo_;
  FactsMemo<CallFacts> call_memo_;
};

}  // namespace

std::unique_ptr<EventFormatter> make_json_formatter(bool pretty, const FormatSettings& settings) {
  return std::make_unique<JsonFormatter>(pretty, settings);
}

}  // namespace sigtrace
