#include "app/trace_session.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "app/pipeline.h"
#include "app/stop_signals.h"
#include "app/summary.h"
#include "enrich/containers/attribution.h"
#include "enrich/containers/runtime_installed.h"
#include "enrich/enricher.h"
#include "kernel/libbpf_log.h"
#include "kernel/tracer.h"
#include "output/formatter.h"
#include "output/output_stream.h"
#include "select/container_selection.h"

namespace sigtrace {
namespace {

// How late an event may be shown on the perf buffer path.
constexpr std::chrono::milliseconds kPerfBufferInterval{10};
// How often the buffer is read while events keep coming.
constexpr std::chrono::milliseconds kBusyInterval{2};

bool listed(const std::vector<Field>& fields, std::initializer_list<Field> wanted) {
  return std::any_of(wanted.begin(), wanted.end(), [&](Field field) {
    return std::find(fields.begin(), fields.end(), field) != fields.end();
  });
}

// Which container columns the defaults have.
struct ContainerColumns {
  bool containers = false;
  bool k8s = false;
};

// What the columns are: --fields (with TIME first for -t), or the defaults,
// which show containers when the host has a runtime, and pods when it runs
// Kubernetes'.
std::vector<Field> columns(const OutputOptions& output, Mode mode, ContainerColumns shown) {
  if (!output.fields) return default_fields(mode, output.timestamp, shown.containers, shown.k8s);
  std::vector<Field> fields = *output.fields;
  if (output.timestamp && !listed(fields, {Field::kTime}))
    fields.insert(fields.begin(), Field::kTime);
  return fields;
}

// Columns a narrow terminal has no room for: said once, with the way out.
void say_left_out(const ColumnLayout& layout) {
  if (layout.left_out.empty()) return;
  std::string names;
  for (Field field : layout.left_out) {
    if (!names.empty()) names += ", ";
    names += spec_of(field).header;
  }
  std::fprintf(stderr,
               "sigtrace: note: %s left out to fit the terminal (%zu columns); choose columns "
               "with --fields\n",
               names.c_str(), terminal_width_of_stdout());
}

// One way to print, and what the enrich stage must look up for it.
struct Printing {
  std::unique_ptr<EventFormatter> formatter;
  EnrichmentNeeds needs;
};

Printing printing(const OutputOptions& output, const FormatSettings& settings,
                  ContainerColumns shown, const ContainerSelection& selection) {
  Printing result;
  if (output.format != OutputFormat::kColumns) {
    result.formatter = make_json_formatter(output.format == OutputFormat::kJsonPretty, settings);
    // JSON has every field, containers unless --no-containers.
    result.needs.containers = !selection.choice().hide_containers || selection.chooses_containers();
    return result;
  }
  ColumnLayout layout =
      fit_columns(columns(output, settings.mode, shown), terminal_width_of_stdout());
  say_left_out(layout);
  result.needs.containers = selection.chooses_containers() || shows_containers(layout.fields);
  result.needs.user_names = listed(layout.fields, {Field::kUser, Field::kGname});
  result.formatter = make_columns_formatter(std::move(layout), settings);
  return result;
}

ContainerColumns worth_showing(const ContainerRegistry& registry,
                               const ContainerSelection& selection) {
  if (selection.choice().hide_containers) return {};
  bool containers = container_runtime_installed() || !registry.known_names().empty() ||
                    selection.chooses_containers();
  return {containers, containers && registry.kubernetes_known()};
}

// Names asked for before their containers exist: said once, then followed.
void say_awaited(const AwaitedNames& awaited, const ContainerRegistry& registry) {
  if (awaited.missing().empty()) return;
  std::string names;
  for (const auto& name : awaited.missing()) {
    if (!names.empty()) names += ", ";
    names += "'" + name + "'";
  }
  std::fprintf(stderr, "sigtrace: note: no container %s yet; waiting for %s (%s)\n", names.c_str(),
               awaited.missing().size() == 1 ? "it" : "them",
               describe_known_names(registry).c_str());
}

const char* mode_description(Mode mode) {
  return mode == Mode::kKillOnly ? "kill, tkill and tgkill calls" : "signals (signal_generate)";
}

// The kernel's mount namespace filter follows the containers as they come
// and go, and so does the list of names still awaited.
class KernelFilterSync {
 public:
  KernelFilterSync(const ContainerSelection& selection, const ContainerRegistry& registry,
                   Tracer& tracer, AwaitedNames& awaited)
      : selection_(selection),
        registry_(registry),
        tracer_(tracer),
        awaited_(awaited),
        seen_(registry.generation()) {}
  void update() {
    if (registry_.generation() == seen_) return;
    seen_ = registry_.generation();
    tracer_.set_mntns_list(selection_.kernel_list(registry_));
    awaited_.update(registry_);
  }

 private:
  const ContainerSelection& selection_;
  const ContainerRegistry& registry_;
  Tracer& tracer_;
  AwaitedNames& awaited_;
  uint64_t seen_;
};

// The kernel filter at start: what the selection can already decide there.
TracerOptions with_container_filter(TracerOptions options, const ContainerSelection& selection,
                                    const ContainerRegistry& registry) {
  options.filter.mntns_mode = selection.kernel_mode();
  auto list = selection.kernel_list(registry);
  options.filter.mntns_ids.assign(list.begin(), list.end());
  return options;
}

// After detaching, a program that was running on another CPU may still
// submit its record: read until two rounds in a row find nothing.
void drain_everything(Tracer& tracer, RecordSink& sink) {
  int quiet_rounds = 0;
  while (quiet_rounds < 2) {
    quiet_rounds = tracer.drain(sink) > 0 ? 0 : quiet_rounds + 1;
    if (quiet_rounds < 2) usleep(1000);
  }
}

void say_start(const Tracer& tracer, Mode mode) {
  if (!tracer.target_resolution_problem().empty()) {
    std::fprintf(stderr, "sigtrace: note: targets are known only by pid (%s)\n",
                 tracer.target_resolution_problem().c_str());
  }
  std::fprintf(stderr, "sigtrace: tracing %s; Ctrl-C to stop\n", mode_description(mode));
}

}  // namespace

int run_trace(const TraceOptions& options) {
  route_libbpf_messages(options.verbose);
  install_stop_handlers();
  ContainerAttribution containers;
  ContainerSelection selection(options.containers);
  AwaitedNames awaited(options.containers);
  awaited.update(containers.registry());
  Tracer tracer(with_container_filter(options.tracer, selection, containers.registry()));
  if (containers.wakeup_fd() >= 0) tracer.wake_on(containers.wakeup_fd());
  KernelFilterSync filter_sync(selection, containers.registry(), tracer, awaited);

  Mode mode = options.tracer.mode;
  FormatSettings settings{mode, tracer.target_resolution_problem().empty()};
  Printing print = printing(options.output, settings,
                            worth_showing(containers.registry(), selection), selection);
  Enricher enricher(print.needs, &containers);
  OutputStream output(STDOUT_FILENO, &stop_signal());
  Pipeline pipeline(enricher, selection, *print.formatter, output, options.count);

  say_awaited(awaited, containers.registry());
  say_start(tracer, mode);
  print.formatter->begin(output.buffer());
  output.flush();

  // The kernel wakes us for the first event after a quiet spell only; while
  // events keep coming we look often enough that the buffer never fills.
  // Perf buffers wake us only past a watermark: look often on our own.
  const auto idle_interval = tracer.transport() == Transport::kPerfBuffer
                                 ? kPerfBufferInterval
                                 : options.tracer.wakeup_interval;
  int last_batch = 0;
  // --timeout ends the loop like Ctrl-C does: through stop_signal().
  if (options.timeout) arm_timeout(*options.timeout);
  while (stop_signal().load() == 0 && !pipeline.done()) {
    pipeline.next_batch();
    last_batch = tracer.poll(last_batch > 0 ? kBusyInterval : idle_interval, pipeline);
    output.flush();
    output.check_reader();
    containers.tick();
    filter_sync.update();
  }
  // Whatever the kernel wrote before we stopped is still shown, or counted.
  tracer.detach();
  drain_everything(tracer, pipeline);
  output.flush();
  awaited.update(containers.registry());
  report_end(pipeline, output, tracer.losses(), options.count);
  report_never_seen(awaited.missing());
  return 0;
}

}  // namespace sigtrace
