#include "events/event_names.h"
#include "events/signal_names.h"
#include "events/target_view.h"
#include "output/formatter.h"
#include "output/json_writer.h"
#include "output/sanitize.h"

namespace sigtrace {
namespace {

// The name where there is one, else the number as a string: the key keeps
// one type.
void name_or_number(JsonWriter& json, std::string_view name, int number) {
  if (name.empty()) {
    std::string text;
    append_number(text, number);
    json.string(text);
  } else {
    json.string(name);
  }
}

class JsonFormatter final : public EventFormatter {
 public:
  JsonFormatter(bool pretty, EventContext& context) : pretty_(pretty), context_(context) {}

  void begin(std::string&) override {}

  void format(const sigtrace_event& event, std::string& out) override {
    JsonWriter json(out, pretty_);
    json.begin_object();
    timestamp(json, event);
    process(json, event);
    container(json, "runtime", context_.sender_container(event));
    target(json, event);
    container(json, "truntime", context_.target_container(event));
    signal(json, event);
    if (event.source == SIGTRACE_SOURCE_GENERATE) {
      generate_details(json, event);
    } else {
      syscall_details(json, event);
    }
    json.end_object();
    out.push_back('\n');
  }

 private:
  void timestamp(JsonWriter& json, const sigtrace_event& event) {
    uint64_t wall_ns = context_.clock.to_wall_ns(event.header.timestamp_ns);
    json.key<"timestamp">();
    json.out().push_back('"');
    context_.time.append_rfc3339(json.out(), wall_ns);
    json.out().push_back('"');
    json.key<"timestamp_raw">();
    json.number(wall_ns);
  }

  void process(JsonWriter& json, const sigtrace_event& event) {
    json.key<"proc">();
    json.begin_object();
    json.key<"comm">();
    json.string(fixed_text(event.sender.comm));
    json.key<"pid">();
    json.number(event.sender.tgid);
    json.key<"tid">();
    json.number(event.sender.tid);
    json.key<"mntns_id">();
    json.number(event.sender.mntns_id);
    json.key<"creds">();
    json.begin_object();
    json.key<"uid">();
    json.number(event.uid);
    json.key<"gid">();
    json.number(event.gid);
    json.key<"user">();
    json.string(context_.names.user(event.uid));
    json.key<"group">();
    json.string(context_.names.group(event.gid));
    json.end_object();
    json.key<"parent">();
    json.begin_object();
    json.key<"comm">();
    json.string(fixed_text(event.pcomm));
    json.key<"pid">();
    json.number(event.ppid);
    json.key<"tid">();
    json.number(event.ptid);
    json.end_object();
    json.end_object();
  }

  // IG's "runtime" object.
  void container(JsonWriter& json, const char* key, const Container* container) {
    if (!container) return;
    json.key(key);
    json.begin_object();
    json.key<"containerName">();
    json.string(container->name);
    json.key<"containerId">();
    json.string(container->id);
    json.key<"runtimeName">();
    json.string(container->runtime);
    json.key<"containerImageName">();
    json.string(container->image);
    json.end_object();
  }

  void target(JsonWriter& json, const sigtrace_event& event) {
    json.key<"tpid">();
    json.number(host_tpid(event));
    if (auto seen = sender_tpid(event)) {
      json.key<"tnspid">();
      json.number(*seen);
    }
    json.key<"tcomm">();
    // A group kill reaches several tasks: "targets" counts them, none is named.
    json.string(event.ntargets > 1 ? std::string_view() : fixed_text(event.target.comm));
  }

  void signal(JsonWriter& json, const sigtrace_event& event) {
    json.key<"sig">();
    json.string(signal_name(event.sig));
    json.key<"sig_raw">();
    json.number(event.sig);
    json.key<"error">();
    if (event.error == 0) {
      json.string("");
    } else {
      name_or_number(json, errno_name(event.error), event.error);
    }
    json.key<"error_raw">();
    json.number(event.error);
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

  void syscall_details(JsonWriter& json, const sigtrace_event& event) {
    json.key<"syscall">();
    json.string(syscall_name(event));
    if (event.source == SIGTRACE_SOURCE_TGKILL) {
      json.key<"tgid">();
      json.number(event.tgid_arg);
    }
    if (context_.targets_resolved) {
      json.key<"targets">();
      json.number(event.ntargets);
      if (auto tid = single_target_tid(event)) {
        json.key<"ttid">();
        json.number(*tid);
      }
    }
  }

  bool pretty_;
  EventContext& context_;
};

}  // namespace

std::unique_ptr<EventFormatter> make_json_formatter(bool pretty, EventContext& context) {
  return std::make_unique<JsonFormatter>(pretty, context);
}

}  // namespace sigtrace
