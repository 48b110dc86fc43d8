#include "cli/trace_flags.h"

#include <bpf/libbpf_version.h>
#include <grp.h>
#include <pwd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <charconv>
#include <cstdint>
#include <iostream>
#include <string>

#include "cli/inspect_flags.h"
#include "cli/top_flags.h"
#include "common/comma_list.h"
#include "common/error.h"
#include "count/count_key.h"
#include "model/signal_set.h"
#include "select/selection.h"

namespace sigtrace {
namespace {

constexpr size_t kMaxComm = 15;

struct RawFlags {
  bool kill_only = false;
  // Numbers are taken as text and parsed strictly here: an empty or
  // negative value must be an error, not "no limit".
  std::optional<std::string> pid;
  std::optional<std::string> tid;
  std::optional<std::string> uid;
  std::optional<std::string> gid;
  std::optional<std::string> comm;
  std::optional<std::string> tpid;
  std::optional<std::string> tcomm;
  std::optional<std::string> via;
  bool fate = false;
  bool deaths = false;
  std::optional<std::string> signals;
  std::optional<std::string> excluded_signals;
  bool failed = false;
  std::optional<std::string> mntns;
  std::optional<std::string> containers;
  bool host = false;
  std::optional<std::string> target_containers;
  std::optional<std::string> k8s_namespaces;
  std::optional<std::string> k8s_pods;
  std::optional<std::string> target_k8s_namespaces;
  std::optional<std::string> target_k8s_pods;
  bool no_containers = false;
  std::string output = "columns";
  std::optional<std::string> fields;
  bool timestamp = false;
  bool summary = false;
  bool top = false;
  std::optional<std::string> top_delay;
  std::optional<std::string> metrics;
  bool metrics_high_cardinality = false;
  std::optional<std::string> count;
  std::optional<std::string> timeout;
  bool perf_buffer = false;
  std::string buffer_mib = "16";
  bool verbose = false;
};

std::string version_text() {
  return "sigtrace " SIGTRACE_VERSION " (libbpf " + std::to_string(LIBBPF_MAJOR_VERSION) + "." +
         std::to_string(LIBBPF_MINOR_VERSION) + ")";
}

std::string help_footer() {
  std::string text = "\nColumns for --fields:\n";
  size_t name_width = 0;
  for (const auto& spec : field_specs())
    name_width = std::max(name_width, spec.name.size());
  for (const auto& spec : field_specs()) {
    text += "  " + std::string(spec.name);
    text.append(name_width + 2 - spec.name.size(), ' ');
    text += std::string(spec.help) + "\n";
  }
  text +=
      "\nWith --summary and top, --fields lists what events are counted by (default:\n"
      "container comm tcontainer tcomm sig, then result, or error with -k; the\n"
      "containers when the host has any). --metrics serves sigtrace_signals_total with\n"
      "the labels signal, result (error with -k), container, tcontainer (comm, tcomm\n"
      "with --metrics-high-cardinality), sigtrace_lost_events_total and process_*.\n";
  text +=
      "\nExit status: 0 done, 1 failed while tracing, 2 bad usage, 3 missing privileges,\n"
      "4 no kernel BTF, 5 kernel too old or lacking a tracepoint, 6 cannot attach,\n"
      "7 not a readable BPF object (inspect).\n"
      "\nExamples:\n"
      "  sigtrace                      every signal the kernel generates\n"
      "  sigtrace -k -x                signal syscalls that failed\n"
      "  sigtrace --deaths             what killed each process that died of a signal\n"
      "  sigtrace -s KILL,TERM -o json SIGKILL and SIGTERM as JSON lines\n"
      "  sigtrace -T 1234              who signals process 1234\n"
      "  sigtrace -c web               signals sent from the container named web (even if\n"
      "                                it starts only later)\n"
      "  sigtrace --tk8s-namespace shop signals to the pods of Kubernetes namespace shop\n"
      "  sigtrace top -d 1             a live table of who signals whom, every second\n"
      "  sigtrace --summary --timeout 10\n"
      "                                ten seconds of signals counted in one table\n"
      "  sigtrace -o none --metrics 0.0.0.0:9464\n"
      "                                Prometheus metrics at :9464/metrics, no lines\n"
      "  sigtrace inspect              which program of the BPF object touches which map\n";
  return text;
}

// The whole text as a number within [min, max], or a usage error that says
// what was expected.
template <typename Number>
Number parse_number(const std::string& text, const char* flag, Number min, Number max,
                    const std::string& expected) {
  Number value{};
  const char* last = text.data() + text.size();
  auto [end, ec] = std::from_chars(text.data(), last, value);
  if (text.empty() || ec != std::errc() || end != last || !(value >= min && value <= max)) {
    throw UsageError(std::string(flag) + ": '" + text + "' is not " + expected);
  }
  return value;
}

std::optional<uint32_t> parse_task_id(const std::optional<std::string>& text, const char* flag) {
  if (!text) return std::nullopt;
  return parse_number<uint32_t>(*text, flag, 0, INT32_MAX, "a pid (0 to 2147483647)");
}

template <typename Entry>
uint32_t resolve_id(const std::string& text, const char* what, Entry* (*by_name)(const char*),
                    uint32_t Entry::*id) {
  uint32_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc() && end == text.data() + text.size()) {
    if (value == UINT32_MAX) throw UsageError(std::string(what) + " id 4294967295 is no id");
    return value;
  }
  // Looked up once, at start, before any other thread exists.
  Entry* entry = by_name(text.c_str());
  if (!entry) throw UsageError(std::string("unknown ") + what + " '" + text + "'");
  return entry->*id;
}

std::vector<uint64_t> parse_mntns_list(std::string_view list) {
  std::vector<uint64_t> ids;
  for (std::string_view entry : split_list(list)) {
    uint64_t id = 0;
    auto [end, ec] = std::from_chars(entry.data(), entry.data() + entry.size(), id);
    if (ec != std::errc() || end != entry.data() + entry.size() || id == 0) {
      throw UsageError("--mntns: '" + std::string(entry) +
                       "' is not a mount namespace id (see: stat -Lc %i /proc/PID/ns/mnt)");
    }
    ids.push_back(id);
  }
  return ids;
}

std::optional<std::string> parse_comm(const std::optional<std::string>& comm, const char* flag) {
  if (comm && (comm->empty() || comm->size() > kMaxComm)) {
    throw UsageError(std::string(flag) +
                     ": the kernel keeps command names of 1 to 15 characters; '" + *comm +
                     "' can never match");
  }
  return comm;
}

std::vector<std::string> parse_via_list(std::string_view list) {
  std::vector<std::string> names;
  for (std::string_view name : split_list(list)) {
    if (!is_via_name(name)) {
      throw UsageError("--via: '" + std::string(name) +
                       "' is neither an origin (fault, interrupt, oom, exit, kernel) nor a "
                       "system call name (kill, tgkill, write, ...)");
    }
    names.emplace_back(name);
  }
  if (names.empty()) throw UsageError("--via: give at least one origin or system call");
  return names;
}

KernelFilter make_filter(const RawFlags& raw) {
  KernelFilter filter;
  filter.pid = parse_task_id(raw.pid, "--pid");
  filter.tid = parse_task_id(raw.tid, "--tid");
  if (raw.uid) filter.uid = resolve_id<passwd>(*raw.uid, "user", &getpwnam, &passwd::pw_uid);
  if (raw.gid) filter.gid = resolve_id<group>(*raw.gid, "group", &getgrnam, &group::gr_gid);
  filter.comm = parse_comm(raw.comm, "--comm");
  filter.tcomm = parse_comm(raw.tcomm, "--tcomm");
  if (raw.tpid) {
    filter.tpid = parse_number<int32_t>(*raw.tpid, "--tpid", INT32_MIN + 1, INT32_MAX,
                                        "a pid, or with -k 0, -1 or -PGID");
  }
  if (filter.tpid && *filter.tpid <= 0 && !raw.kill_only) {
    throw UsageError("--tpid " + std::to_string(*filter.tpid) +
                     ": signal_generate's targets are threads (> 0); 0, -1 and -PGID are kill() "
                     "arguments, seen with -k");
  }
  filter.signals = resolve_signal_filter(raw.signals, raw.excluded_signals, raw.kill_only);
  filter.failed_only = raw.failed;
  return filter;
}

std::vector<std::string> split_names(const std::optional<std::string>& list, const char* flag,
                                     const char* what = "container name") {
  std::vector<std::string> names;
  if (!list) return names;
  for (std::string_view name : split_list(*list)) {
    if (name.empty()) throw UsageError(std::string(flag) + ": empty " + what);
    names.emplace_back(name);
  }
  return names;
}

PodChoice make_pod_choice(const std::optional<std::string>& namespaces,
                          const std::optional<std::string>& pods, const char* prefix) {
  std::string namespace_flag = std::string(prefix) + "-namespace";
  std::string pod_flag = std::string(prefix) + "-podname";
  return {split_names(namespaces, namespace_flag.c_str(), "namespace"),
          split_names(pods, pod_flag.c_str(), "pod name")};
}

// The sender filters by namespace, container or pod exclude each other
// but for -c and the pod filters, which narrow each other.
void check_sender_choice(const RawFlags& raw) {
  bool by_pod = raw.k8s_namespaces || raw.k8s_pods;
  if (raw.host && (raw.containers || raw.mntns || by_pod)) {
    throw UsageError(std::string("--host cannot be combined with ") +
                     (raw.containers ? "-c/--containername"
                      : raw.mntns    ? "--mntns"
                                     : "--k8s-namespace/--k8s-podname"));
  }
  if ((raw.containers || by_pod) && raw.mntns) {
    throw UsageError(
        std::string(raw.containers ? "-c/--containername" : "--k8s-namespace/podname") +
        " and --mntns both choose senders by namespace; use one");
  }
}

ContainerChoice make_container_choice(const RawFlags& raw) {
  check_sender_choice(raw);
  ContainerChoice choice;
  choice.names = split_names(raw.containers, "--containername");
  choice.host_only = raw.host;
  choice.target_names = split_names(raw.target_containers, "--tcontainername");
  if (raw.mntns) choice.mntns_ids = parse_mntns_list(*raw.mntns);
  choice.pods = make_pod_choice(raw.k8s_namespaces, raw.k8s_pods, "--k8s");
  choice.target_pods = make_pod_choice(raw.target_k8s_namespaces, raw.target_k8s_pods, "--tk8s");
  choice.hide_containers = raw.no_containers;
  return choice;
}

OutputFormat parse_format(const std::string& text) {
  if (text == "columns") return OutputFormat::kColumns;
  if (text == "json") return OutputFormat::kJson;
  if (text == "jsonpretty") return OutputFormat::kJsonPretty;
  if (text == "none") return OutputFormat::kNone;
  throw UsageError("--output: unknown format '" + text + "' (columns, json, jsonpretty, none)");
}

std::chrono::milliseconds parse_seconds(const std::string& text, const char* flag) {
  // A millisecond at least: less would round to an endless 0.
  double seconds =
      parse_number<double>(text, flag, 0.001, 1e7, "a number of seconds from 0.001 to 10000000");
  return std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000));
}

// HOST:PORT, the host an address (or a name) civetweb listens on.
MetricsOptions parse_metrics(const RawFlags& raw) {
  const std::string& address = *raw.metrics;
  size_t colon = address.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    throw UsageError("--metrics: '" + address +
                     "' is not ADDRESS:PORT (127.0.0.1:9464, 0.0.0.0:9464, [::1]:9464)");
  }
  parse_number<uint16_t>(address.substr(colon + 1), "--metrics", 0, 65535,
                         "ADDRESS:PORT with a port from 0 (any free one) to 65535");
  return {address, raw.metrics_high_cardinality};
}

Presentation presentation_of(const RawFlags& raw) {
  if (raw.top) return Presentation::kTop;
  return raw.summary ? Presentation::kSummary : Presentation::kEvents;
}

// What counting (--summary, top) leaves no room for.
void check_counting(const RawFlags& raw, OutputFormat format) {
  if (raw.top && raw.summary)
    throw UsageError("--summary and top are two ways of counting; use one");
  const char* what = raw.top ? "top" : "--summary";
  if (format != OutputFormat::kColumns) {
    throw UsageError(std::string(what) + " shows a table of counts; -o/--output applies to events");
  }
  if (raw.timestamp)
    throw UsageError(std::string(what) + " counts events: --timestamp does not apply");
}

OutputOptions make_output(const RawFlags& raw, Mode mode) {
  OutputOptions output;
  output.format = parse_format(raw.output);
  output.presentation = presentation_of(raw);
  if (output.presentation != Presentation::kEvents) {
    check_counting(raw, output.format);
    if (raw.fields) output.fields = parse_count_key(*raw.fields, mode);
    if (raw.top_delay) output.top_interval = parse_seconds(*raw.top_delay, "--delay");
    return output;
  }
  if (output.format != OutputFormat::kColumns && (raw.fields || raw.timestamp)) {
    throw UsageError(std::string(raw.fields ? "--fields" : "--timestamp") +
                     " applies to columns output; JSON always has every field");
  }
  if (raw.fields) output.fields = parse_field_list(*raw.fields, mode);
  output.timestamp = raw.timestamp;
  return output;
}

// Fields that only --fate fills, asked for without it.
void check_fate_fields(const OutputOptions& output, bool follow_fates) {
  if (follow_fates || !output.fields) return;
  for (Field field : *output.fields) {
    if (needs_fate(field)) {
      throw UsageError("field '" + std::string(spec_of(field).name) +
                       "' is only filled with -F/--fate");
    }
  }
}

TraceOptions make_trace_options(const RawFlags& raw) {
  TraceOptions command;
  Mode mode = raw.kill_only ? Mode::kKillOnly : Mode::kGenerate;
  command.tracer.mode = mode;
  command.tracer.transport = raw.perf_buffer ? Transport::kPerfBuffer : Transport::kAuto;
  command.tracer.filter = make_filter(raw);
  size_t buffer_mib =
      parse_number<size_t>(raw.buffer_mib, "--buffer-size", 1, 1024, "1 to 1024 (MiB)");
  command.tracer.buffer_bytes = buffer_mib << 20;
  command.tracer.follow_fates = raw.fate || raw.deaths;
  command.deaths_only = raw.deaths;
  command.output = make_output(raw, mode);
  check_fate_fields(command.output, command.tracer.follow_fates);
  if (raw.metrics) {
    command.metrics = parse_metrics(raw);
  } else if (raw.metrics_high_cardinality) {
    throw UsageError("--metrics-high-cardinality adds labels to --metrics; it needs --metrics");
  }
  if (raw.no_containers && command.output.fields && shows_containers(*command.output.fields)) {
    throw UsageError("--no-containers hides the container columns that --fields lists");
  }
  command.containers = make_container_choice(raw);
  if (raw.via) command.via = parse_via_list(*raw.via);
  if (raw.count) {
    command.count = parse_number<uint64_t>(*raw.count, "--count", 1, UINT64_MAX,
                                           "a number of events, 1 or more");
  }
  if (raw.timeout) command.timeout = parse_seconds(*raw.timeout, "--timeout");
  command.verbose = raw.verbose;
  return command;
}

void define_flags(CLI::App& app, RawFlags& raw) {
  app.add_flag("-k,--kill-only", raw.kill_only,
               "trace the signal syscalls (kill, tkill, tgkill, rt_sigqueueinfo, "
               "rt_tgsigqueueinfo, pidfd_send_signal; failed ones and signal 0 probes too) "
               "instead of signal_generate");
  app.add_option("-p,--pid", raw.pid, "only signals sent by this process")->type_name("PID");
  app.add_option("--tid", raw.tid, "only signals sent by this thread")->type_name("TID");
  app.add_option("-u,--uid", raw.uid, "only senders running as this user")->type_name("UID|NAME");
  app.add_option("-g,--gid", raw.gid, "only senders running as this group")->type_name("GID|NAME");
  app.add_option("--comm", raw.comm, "only senders with this command name")->type_name("NAME");
  app.add_option("-T,--tpid", raw.tpid,
                 "only signals to this process or thread (with -k: also calls whose pid argument "
                 "is this, as passed, e.g. --tpid=-1234 for a process group)")
      ->type_name("PID");
  app.add_option("--tcomm", raw.tcomm,
                 "only signals to tasks with this command name (with -k: calls whose target "
                 "has it, named from /proc when no signal was generated)")
      ->type_name("NAME");
  app.add_option("--via", raw.via,
                 "only signals from these origins: a system call (kill, tgkill, write, ...) "
                 "or fault, interrupt, oom, exit, kernel")
      ->type_name("LIST");
  app.add_flag("-F,--fate", raw.fate,
               "print each signal once its story has ended, with what became of it (FATE): "
               "handled, ignored, terminated, core_dumped, stopped, continued, merged, dropped, "
               "discarded, pending");
  app.add_flag("--deaths", raw.deaths,
               "only the signals that ended a process: terminated or core_dumped (implies "
               "--fate)");
  app.add_option("-s,--signal", raw.signals, "only these signals: names or numbers 1-64")
      ->type_name("LIST");
  app.add_option("-e,--exclude-signal", raw.excluded_signals, "all signals but these")
      ->type_name("LIST");
  app.add_flag("-x,--failed", raw.failed,
               "only failures: with -k calls that returned an error, otherwise signals not "
               "delivered (ignored, already pending, queue overflow)");
  app.add_option("--mntns", raw.mntns, "only senders in these mount namespaces")
      ->type_name("ID[,ID...]");
  app.add_option(
         "-c,--containername", raw.containers,
         "only senders in these containers (they may start later; followed as they restart)")
      ->type_name("NAME[,NAME...]");
  app.add_flag("--host", raw.host, "only senders outside containers");
  app.add_option("--tcontainername", raw.target_containers,
                 "only signals to these containers (they may start later)")
      ->type_name("NAME[,NAME...]");
  app.add_option("--k8s-namespace", raw.k8s_namespaces,
                 "only senders in pods of these Kubernetes namespaces")
      ->type_name("NS[,NS...]");
  app.add_option("--k8s-podname", raw.k8s_pods, "only senders in these Kubernetes pods")
      ->type_name("POD[,POD...]");
  app.add_option("--tk8s-namespace", raw.target_k8s_namespaces,
                 "only signals to pods of these Kubernetes namespaces")
      ->type_name("NS[,NS...]");
  app.add_option("--tk8s-podname", raw.target_k8s_pods, "only signals to these Kubernetes pods")
      ->type_name("POD[,POD...]");
  app.add_flag("--no-containers", raw.no_containers,
               "no container or pod columns (and no container keys in JSON, unless a "
               "container filter is used)");
  app.add_option("-o,--output", raw.output,
                 "columns, json, jsonpretty, or none (no line per event: for --metrics)")
      ->type_name("FORMAT")
      ->default_str("columns");
  app.add_option("--fields", raw.fields,
                 "columns to print, in order (list below); with --summary and top, what events "
                 "are counted by")
      ->type_name("LIST");
  app.add_flag("-t,--timestamp", raw.timestamp, "add a wall-clock TIME column");
  app.add_flag("--summary", raw.summary,
               "no line per event: at the end, one table of the events counted by sender, "
               "target, signal and result, the busiest first");
  app.add_option("--metrics", raw.metrics,
                 "serve Prometheus metrics over HTTP at /metrics on this address while tracing "
                 "(port 0: any free one, said on stderr)")
      ->type_name("ADDRESS:PORT");
  app.add_flag("--metrics-high-cardinality", raw.metrics_high_cardinality,
               "label sigtrace_signals_total with comm and tcomm too: one series per pair of "
               "command names, which a busy fleet multiplies");
  app.add_option("--count", raw.count, "exit after N events")->type_name("N");
  app.add_option("--timeout", raw.timeout, "exit after this many seconds")->type_name("SECONDS");
  app.add_flag("--perf-buffer", raw.perf_buffer,
               "use per-CPU perf buffers even where a ring buffer is available");
  app.add_option("--buffer-size", raw.buffer_mib, "kernel buffer for events, in MiB")
      ->type_name("MIB")
      ->default_str("16");
  app.add_flag("-v,--verbose", raw.verbose, "print libbpf's messages and the verifier log");
  app.set_version_flag("-V,--version", version_text());
}

}  // namespace

ParsedCommandLine parse_command_line(int argc, char** argv) {
  CLI::App app("sigtrace: who sent which signal to whom, and what became of it", "sigtrace");
  app.footer(help_footer());
  RawFlags raw;
  define_flags(app, raw);
  InspectCommand inspect;
  CLI::App* inspect_app = add_inspect_flags(app, inspect);
  CLI::App* top_app = add_top_flags(app, raw.top_delay);
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    app.exit(e);  // prints --help or --version
    return {};
  } catch (const CLI::ParseError& e) {
    throw UsageError(e.what());
  }
  if (inspect_app->parsed()) {
    for (const CLI::Option* option : app.get_options()) {
      if (option->count() > 0) {
        throw UsageError(option->get_name() + " is for tracing; it does not apply to inspect");
      }
    }
    return {std::nullopt, inspect};
  }
  raw.top = top_app->parsed();
  return {make_trace_options(raw), std::nullopt};
}

}  // namespace sigtrace
