#include "app/trace_session.h"

#include <unistd.h>

#include <cstdio>
#include <future>
#include <memory>
#include <optional>
#include <string>

#include "app/event_stages.h"
#include "app/pipeline.h"
#include "app/stop_signals.h"
#include "app/summary.h"
#include "common/helper_thread.h"
#include "enrich/clock.h"
#include "enrich/containers/attribution.h"
#include "enrich/containers/runtime_installed.h"
#include "enrich/enricher.h"
#include "fate/fate_tracker.h"
#include "kernel/libbpf_log.h"
#include "kernel/tracer.h"
#include "model/records.h"
#include "output/output_stream.h"
#include "select/selection.h"
#include "top/terminal.h"

namespace sigtrace {
namespace {

// How late an event may be shown on the perf buffer path.
constexpr std::chrono::milliseconds kPerfBufferInterval{10};
// The pause between reads while events keep coming: at the storm's 1.7
// million events a second, 1,700 of them, a third of the smallest buffer.
constexpr std::chrono::milliseconds kBusyPause{1};

// Which container columns the defaults have: containers where the host has
// a runtime, pods where it runs Kubernetes'.
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

// The kernel's mount namespace filter follows the containers as they come
// and go, and so does the list of names still awaited. A departed
// container's namespace is let go only once the filter no longer excludes
// it: a new container given its id must not be hidden.
class KernelFilterSync {
 public:
  KernelFilterSync(const ContainerSelection& selection, ContainerAttribution& containers,
                   Tracer& tracer, AwaitedNames& awaited)
      : selection_(selection),
        containers_(containers),
        tracer_(tracer),
        awaited_(awaited),
        seen_(containers.registry().generation()) {}
  void update() {
    const ContainerRegistry& registry = containers_.registry();
    if (registry.generation() == seen_) return;
    seen_ = registry.generation();
    tracer_.set_mntns_list(selection_.kernel_list(registry));
    containers_.release_departed();
    awaited_.update(registry);
  }

 private:
  const ContainerSelection& selection_;
  ContainerAttribution& containers_;
  Tracer& tracer_;
  AwaitedNames& awaited_;
  uint64_t seen_;
};

bool chooses_senders(const KernelFilter& filter, const ContainerChoice& containers) {
  return filter.pid || filter.tid || filter.uid || filter.gid || filter.comm ||
         !containers.names.empty() || containers.host_only || !containers.mntns_ids.empty();
}

// The host's containers are first scanned on a thread of their own, while
// the objects load (2 of the 15 ms to the first event here); the first
// event is read only after the scan.
class FirstContainerScan {
 public:
  FirstContainerScan()
      : scan_(std::async(std::launch::async, [] {
          block_signals_in_this_thread();
          return std::make_unique<ContainerAttribution>();
        })) {}
  ContainerAttribution& wait() {
    if (!containers_) containers_ = scan_.get();
    return *containers_;
  }

 private:
  std::future<std::unique_ptr<ContainerAttribution>> scan_;
  std::unique_ptr<ContainerAttribution> containers_;
};

// The kernel filter at start: what the selection can already decide there.
// Only a list made of containers waits for the scan.
TracerOptions with_container_filter(TracerOptions options, const ContainerSelection& selection,
                                    FirstContainerScan& scan) {
  options.filter.mntns_mode = selection.kernel_mode();
  auto list = selection.kernel_list_reads_registry() ? selection.kernel_list(scan.wait().registry())
                                                     : selection.given_mntns_ids();
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

// --fate: the follow stage before the pipeline; perf buffers' records wait
// this long for earlier ones from other CPUs.
constexpr std::chrono::milliseconds kPerfReorderWindow{50};

// --fate: each signal's containers looked at as it is generated, before the
// follow stage holds it back (a container may be gone by its story's end).
class NoticeBeforeFollowing final : public RecordSink {
 public:
  NoticeBeforeFollowing(Enricher& enricher, RecordSink& next) : enricher_(enricher), next_(next) {}
  void on_record(std::span<const std::byte> record) override {
    if (const sigtrace_event* event = signal_record(record)) enricher_.notice(*event);
    next_.on_record(record);
  }

 private:
  Enricher& enricher_;
  RecordSink& next_;
};

// Where the tracer's records go first: fate/ with --fate, else the
// pipeline itself.
class FirstStage {
 public:
  FirstStage(const TraceOptions& options, Transport transport, Pipeline& pipeline,
             Enricher& enricher)
      : pipeline_(pipeline) {
    if (!options.tracer.follow_fates) return;
    FateTrackerOptions follow;
    if (transport == Transport::kPerfBuffer) {
      follow.reorder_ns =
          static_cast<uint64_t>(std::chrono::nanoseconds(kPerfReorderWindow).count());
    }
    tracker_.emplace(pipeline, follow);
    notice_.emplace(enricher, *tracker_);
  }
  RecordSink& sink() { return notice_ ? static_cast<RecordSink&>(*notice_) : pipeline_; }
  void tick() {
    if (tracker_) tracker_->advance(BootClock::now_boot_ns());
  }
  // Tracing is over: the stories still open end as `pending`.
  void finish() {
    if (tracker_) tracker_->finish(BootClock::now_boot_ns());
  }
  uint64_t unfollowed() const { return tracker_ ? tracker_->unfollowed() : 0; }

 private:
  Pipeline& pipeline_;
  std::optional<FateTracker> tracker_;
  std::optional<NoticeBeforeFollowing> notice_;
};

// Everything a run wires together, for its loop.
struct Run {
  const TraceOptions& options;
  Tracer& tracer;
  FirstStage& first;
  Pipeline& pipeline;
  EventStages& stages;
  OutputStream& output;
  ContainerAttribution& containers;
  KernelFilterSync& filter_sync;
};

// Until a stop signal, --count, --timeout, a closed output or top's q. The
// kernel wakes us for the first event after a quiet spell only; while
// events keep coming we look often enough that the buffer never fills.
// Perf buffers wake us only past a watermark: look often on our own.
void trace_loop(Run& run) {
  const auto idle_interval = run.tracer.transport() == Transport::kPerfBuffer
                                 ? kPerfBufferInterval
                                 : run.options.tracer.wakeup_interval;
  int last_batch = 0;
  // --timeout ends the loop like Ctrl-C does: through stop_signal().
  if (run.options.timeout) arm_timeout(*run.options.timeout);
  while (stop_signal().load() == 0 && !run.pipeline.done() && !run.stages.quit()) {
    run.pipeline.next_batch();
    last_batch = last_batch > 0 ? run.tracer.pause_then_drain(kBusyPause, run.first.sink())
                                : run.tracer.poll(idle_interval, run.first.sink());
    run.first.tick();
    run.output.flush();
    if (run.stages.watched()) run.output.check_reader();
    run.containers.tick();
    run.filter_sync.update();
    run.stages.tick(run.tracer);
  }
}

}  // namespace

int run_trace(const TraceOptions& options) {
  // Before the kernel is loaded: a top without a terminal is a usage error.
  if (options.output.presentation == Presentation::kTop)
    require_terminal(STDIN_FILENO, STDOUT_FILENO);
  route_libbpf_messages(options.verbose);
  install_stop_handlers();
  FirstContainerScan scan;
  Selection selection({options.containers, options.via, options.tracer.filter.tcomm,
                       chooses_senders(options.tracer.filter, options.containers),
                       options.deaths_only});
  const ContainerSelection& chosen = selection.containers();
  Tracer tracer(with_container_filter(options.tracer, chosen, scan));
  ContainerAttribution& containers = scan.wait();
  AwaitedNames awaited(options.containers);
  awaited.update(containers.registry());
  if (containers.wakeup_fd() >= 0) tracer.wake_on(containers.wakeup_fd());
  KernelFilterSync filter_sync(chosen, containers, tracer, awaited);

  Mode mode = options.tracer.mode;
  FormatSettings settings{mode, tracer.target_resolution_problem().empty(),
                          options.tracer.follow_fates};
  OutputStream output(STDOUT_FILENO, &stop_signal());
  EventStages stages(options, settings, worth_showing(containers.registry(), chosen), chosen,
                     output);
  Enricher enricher(stages.needs(), &containers);
  Pipeline pipeline(enricher, selection, options.count, stages.watched());
  stages.connect(pipeline);

  say_awaited(awaited, containers.registry());
  say_start(tracer, mode);
  int key_fd = stages.begin();
  if (key_fd >= 0) tracer.wake_on(key_fd);
  FirstStage first(options, tracer.transport(), pipeline, enricher);
  Run run{options, tracer, first, pipeline, stages, output, containers, filter_sync};
  trace_loop(run);
  // Whatever the kernel wrote before we stopped is still shown, or counted.
  tracer.detach();
  drain_everything(tracer, first.sink());
  first.finish();
  stages.end();
  output.flush();
  report_end(pipeline, output, tracer.losses(), options.count, stages.writes_events());
  if (options.tracer.follow_fates) report_fates(first.unfollowed(), tracer.losses());
  awaited.update(containers.registry());
  report_never_seen(awaited.missing());
  return 0;
}

}  // namespace sigtrace
