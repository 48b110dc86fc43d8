#include "metrics/metrics_server.h"

#include <pthread.h>
#include <signal.h>

#include <prometheus/counter.h>
#include <prometheus/exposer.h>
#include <prometheus/registry.h>
#include <map>
#include <vector>

#include "common/error.h"
#include "count/tally.h"
#include "metrics/metric_labels.h"
#include "metrics/process_metrics.h"

namespace sigtrace {
namespace {

std::vector<Field> fields_of(const std::vector<MetricLabel>& labels) {
  std::vector<Field> fields;
  for (const MetricLabel& label : labels)
    fields.push_back(label.field);
  return fields;
}

// Threads started while this lives block every signal: a stop signal
// delivered to the exposer's threads would not end the trace loop's wait.
class SignalsBlocked {
 public:
  SignalsBlocked() {
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &saved_);
  }
  ~SignalsBlocked() { pthread_sigmask(SIG_SETMASK, &saved_, nullptr); }

 private:
  sigset_t saved_;
};

std::unique_ptr<prometheus::Exposer> listen(const std::string& address) {
  SignalsBlocked blocked;
  try {
    return std::make_unique<prometheus::Exposer>(address, 2);
  } catch (const std::exception& e) {
    throw Error(ExitStatus::kRuntime,
                "--metrics " + address + ": cannot listen there (" + e.what() + ")");
  }
}

// "127.0.0.1:0" -> "127.0.0.1": the port is the one the exposer got.
std::string host_of(const std::string& address) {
  size_t colon = address.rfind(':');
  return colon == std::string::npos ? "0.0.0.0" : address.substr(0, colon);
}

}  // namespace

struct MetricsServer::Impl {
  Impl(const MetricsOptions& options, const FormatSettings& settings)
      : labels(signal_labels(settings.mode, options.high_cardinality, settings.fates)),
        tally(fields_of(labels), settings),
        registry(std::make_shared<prometheus::Registry>()),
        signals(prometheus::BuildCounter()
                    .Name("sigtrace_signals_total")
                    .Help("Signals traced, by signal, what became of it and containers")
                    .Register(*registry)),
        lost(prometheus::BuildCounter()
                 .Name("sigtrace_lost_events_total")
                 .Help("Events the kernel could not hand to sigtrace (buffer full, calls "
                       "in flight)")
                 .Register(*registry)
                 .Add({})),
        process(std::make_shared<ProcessMetrics>()),
        host(host_of(options.address)),
        exposer(listen(options.address)) {
    exposer->RegisterCollectable(registry);
    exposer->RegisterCollectable(process);
  }

  prometheus::Counter& counter_for(size_t row) {
    while (counters.size() <= row)
      counters.push_back(&signals.Add(labels_of(tally.rows()[counters.size()])));
    return *counters[row];
  }

  prometheus::Labels labels_of(const TallyRow& row) const {
    prometheus::Labels values;
    std::vector<std::string_view> cells = cells_of(row);
    for (size_t i = 0; i < labels.size(); ++i)
      values.emplace(labels[i].name, label_value(cells[i]));
    return values;
  }

  std::vector<MetricLabel> labels;
  Tally tally;  // each row one series of sigtrace_signals_total
  std::shared_ptr<prometheus::Registry> registry;
  prometheus::Family<prometheus::Counter>& signals;
  prometheus::Counter& lost;
  uint64_t lost_counted = 0;
  std::vector<prometheus::Counter*> counters;  // by tally row
  std::shared_ptr<ProcessMetrics> process;
  std::string host;
  // Last: it serves the rest, so it stops first.
  std::unique_ptr<prometheus::Exposer> exposer;
};

MetricsServer::MetricsServer(const MetricsOptions& options, const FormatSettings& settings)
    : impl_(std::make_unique<Impl>(options, settings)) {}

MetricsServer::~MetricsServer() = default;

void MetricsServer::take(const EnrichedEvent& event) {
  impl_->counter_for(impl_->tally.count(event)).Increment();
}

void MetricsServer::set_lost(uint64_t lost) {
  if (lost <= impl_->lost_counted) return;
  impl_->lost.Increment(static_cast<double>(lost - impl_->lost_counted));
  impl_->lost_counted = lost;
}

std::string MetricsServer::url() const {
  std::vector<int> ports = impl_->exposer->GetListeningPorts();
  std::string port = ports.empty() ? "?" : std::to_string(ports.front());
  return "http://" + impl_->host + ":" + port + "/metrics";
}

}  // namespace sigtrace
