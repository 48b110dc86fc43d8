#include "app/trace_command.h"

#include <signal.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>

#include "app/container_tracking.h"
#include "app/writing_sink.h"
#include "loader/libbpf_log.h"
#include "loader/tracer.h"
#include "output/formatter.h"
#include "output/output_stream.h"

namespace sigtrace {
namespace {

std::atomic<int> g_stop_signal{0};

// How late an event may be shown on the perf buffer path.
constexpr std::chrono::milliseconds kPerfBufferInterval{10};

void on_stop_signal(int sig) {
  g_stop_signal.store(sig);
}

// No SA_RESTART: the signal must interrupt the wait for events, and a
// write blocked on a reader that does not read. SIGALRM is --timeout's.
void install_stop_handlers() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  // A closed terminal or a dropped ssh session ends a run like Ctrl-C.
  sigaction(SIGHUP, &action, nullptr);
  sigaction(SIGALRM, &action, nullptr);
  // A closed pipe shows up as EPIPE from write().
  signal(SIGPIPE, SIG_IGN);
}

std::vector<Field> columns(const TraceCommand& command, bool with_containers) {
  if (!command.fields)
    return default_fields(command.tracer.mode, command.timestamp, with_containers);
  std::vector<Field> fields = *command.fields;
  bool listed = std::find(fields.begin(), fields.end(), Field::kTime) != fields.end();
  if (command.timestamp && !listed) fields.insert(fields.begin(), Field::kTime);
  return fields;
}

std::unique_ptr<EventFormatter> make_formatter(const TraceCommand& command, EventContext& context,
                                               bool with_containers) {
  switch (command.format) {
    case OutputFormat::kJson: return make_json_formatter(false, context);
    case OutputFormat::kJsonPretty: return make_json_formatter(true, context);
    case OutputFormat::kColumns: break;
  }
  return make_columns_formatter(columns(command, with_containers), context);
}

const char* mode_description(Mode mode) {
  return mode == Mode::kKillOnly ? "kill, tkill and tgkill calls" : "signals (signal_generate)";
}

// --timeout as a signal, so that it also ends a write that blocks.
void arm_timeout(std::chrono::milliseconds timeout) {
  auto seconds = std::chrono::duration_cast<std::chrono::seconds>(timeout);
  itimerval timer{};
  timer.it_value.tv_sec = seconds.count();
  timer.it_value.tv_usec =
      std::chrono::duration_cast<std::chrono::microseconds>(timeout - seconds).count();
  setitimer(ITIMER_REAL, &timer, nullptr);
}

// Why the events read but not written were not: the reader's doing, or
// --count's.
void report_unwritten(const WritingSink& sink, const OutputStream& output,
                      const TraceCommand& command) {
  auto unwritten = static_cast<unsigned long long>(output.unwritten() + sink.refused());
  if (unwritten == 0) return;
  if (output.gave_up()) {
    std::fprintf(stderr,
                 "sigtrace: warning: %llu events were not written: the output took nothing "
                 "for a second while sigtrace was ending\n",
                 unwritten);
  } else if (output.closed()) {
    std::fprintf(stderr, "sigtrace: warning: %llu events were not written: the output was closed\n",
                 unwritten);
  } else {
    std::fprintf(stderr, "sigtrace: note: %llu events were not written: --count %llu was reached\n",
                 unwritten, static_cast<unsigned long long>(command.count.value_or(0)));
  }
}

void report_end(const WritingSink& sink, const LossCounts& losses, const OutputStream& output,
                const TraceCommand& command) {
  std::fprintf(stderr, "sigtrace: %llu events, %llu lost\n",
               static_cast<unsigned long long>(sink.written() - output.unwritten()),
               static_cast<unsigned long long>(losses.total()));
  report_unwritten(sink, output, command);
  if (losses.events > 0) {
    std::fprintf(stderr,
                 "sigtrace: warning: %llu events were dropped because the buffer was full; "
                 "try --buffer-size or a narrower filter\n",
                 static_cast<unsigned long long>(losses.events));
  }
  if (losses.calls > 0) {
    std::fprintf(stderr,
                 "sigtrace: warning: %llu calls were not traced: too many signal syscalls "
                 "in flight at once\n",
                 static_cast<unsigned long long>(losses.calls));
  }
}

// After detaching, a program that was running on another CPU may still
// submit its record: read until two rounds in a row find nothing.
void drain_everything(Tracer& tracer, EventSink& sink) {
  int quiet_rounds = 0;
  while (quiet_rounds < 2) {
    quiet_rounds = tracer.drain(sink) > 0 ? 0 : quiet_rounds + 1;
    if (quiet_rounds < 2) usleep(1000);
  }
}

}  // namespace

int run_trace(const TraceCommand& command) {
  route_libbpf_messages(command.verbose);
  install_stop_handlers();
  TracerOptions options = command.tracer;
  ContainerTracking containers(command.containers, options.filter.mntns_ids);
  containers.configure(options.filter);
  Tracer tracer(options);
  containers.attach(tracer);

  EventContext context;
  context.mode = options.mode;
  context.targets_resolved = tracer.target_resolution_problem().empty();
  context.containers = &containers.registry();
  auto formatter = make_formatter(command, context, containers.worth_showing());
  OutputStream output(STDOUT_FILENO, &g_stop_signal);
  WritingSink sink(*formatter, output, containers, command.count);

  if (!context.targets_resolved) {
    std::fprintf(stderr, "sigtrace: note: targets are known only by pid (%s)\n",
                 tracer.target_resolution_problem().c_str());
  }
  std::fprintf(stderr, "sigtrace: tracing %s; Ctrl-C to stop\n", mode_description(context.mode));
  formatter->begin(output.buffer());
  output.flush();

  // The kernel wakes us for the first event after a quiet spell only; while
  // events keep coming we look often enough that the buffer never fills.
  // Perf buffers wake us only past a watermark: look often on our own.
  const auto idle_interval =
      tracer.transport() == Transport::kPerfBuffer ? kPerfBufferInterval : options.wakeup_interval;
  const auto busy_interval = std::chrono::milliseconds(2);
  int last_batch = 0;
  // --timeout ends the loop like Ctrl-C does: through g_stop_signal.
  if (command.timeout) arm_timeout(*command.timeout);
  while (g_stop_signal.load() == 0 && !sink.done()) {
    auto interval = last_batch > 0 ? busy_interval : idle_interval;
    last_batch = tracer.poll(interval, sink);
    output.flush();
    output.check_reader();
    containers.tick();
  }
  // Whatever the kernel wrote before we stopped is still shown, or counted.
  tracer.detach();
  drain_everything(tracer, sink);
  output.flush();
  report_end(sink, tracer.losses(), output, command);
  return 0;
}

}  // namespace sigtrace
