#include "app/event_stages.h"

#include <algorithm>
#include <cstdio>
#include <string>

#include "count/count_key.h"
#include "count/count_table.h"

namespace sigtrace {
namespace {

// How often the kernel's loss counters are read for top and --metrics.
constexpr std::chrono::milliseconds kLossInterval{250};

bool listed(const std::vector<Field>& fields, std::initializer_list<Field> wanted) {
  return std::any_of(wanted.begin(), wanted.end(), [&](Field field) {
    return std::find(fields.begin(), fields.end(), field) != fields.end();
  });
}

// What the enrich stage must look up to show these fields.
void add_needs(EnrichmentNeeds& needs, const std::vector<Field>& fields) {
  needs.containers = needs.containers || shows_containers(fields);
  needs.user_names = needs.user_names || listed(fields, {Field::kUser, Field::kGname});
}

// What the columns are: --fields (with TIME first for -t), or the defaults.
std::vector<Field> columns(const OutputOptions& output, const FormatSettings& settings,
                           ContainerColumns shown) {
  if (!output.fields) {
    return default_fields(settings.mode,
                          {output.timestamp, shown.containers, shown.k8s, settings.fates});
  }
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

std::string top_title(const TraceOptions& options) {
  auto seconds = std::chrono::duration<double>(options.output.top_interval).count();
  char every[32];
  std::snprintf(every, sizeof(every), "every %gs", seconds);
  return std::string(mode_description(options.tracer.mode)) + ", " + every;
}

}  // namespace

EventStages::EventStages(const TraceOptions& options, const FormatSettings& settings,
                         ContainerColumns shown, const ContainerSelection& selection,
                         OutputStream& output)
    : options_(options), output_(output) {
  const OutputOptions& out = options.output;
  Mode mode = settings.mode;
  if (out.presentation != Presentation::kEvents) {
    tally_ = std::make_unique<Tally>(
        out.fields.value_or(default_count_key(mode, shown.containers, settings.fates)), settings);
    add_needs(needs_, tally_->key());
  } else if (out.format == OutputFormat::kColumns) {
    ColumnLayout layout = fit_columns(columns(out, settings, shown), terminal_width_of_stdout());
    say_left_out(layout);
    add_needs(needs_, layout.fields);
    formatter_ = make_columns_formatter(std::move(layout), settings);
  } else if (out.format != OutputFormat::kNone) {
    formatter_ = make_json_formatter(out.format == OutputFormat::kJsonPretty, settings);
    // JSON has every field, containers unless --no-containers.
    needs_ = {.containers = !selection.choice().hide_containers, .user_names = true};
  }
  if (formatter_) writer_ = std::make_unique<EventWriter>(*formatter_, output_);
  if (options.metrics) {
    metrics_ = std::make_unique<MetricsServer>(*options.metrics, settings);
    needs_.containers = true;
    std::fprintf(stderr, "sigtrace: serving metrics at %s\n", metrics_->url().c_str());
  }
  needs_.containers = needs_.containers || selection.chooses_containers();
  // Only signal_generate's records carry stacks; kill-only mode has none.
  needs_.kernel_stacks = mode == Mode::kGenerate;
}

EventStages::~EventStages() = default;

const OutputStream* EventStages::watched() const {
  bool summary = options_.output.presentation == Presentation::kSummary;
  return writer_ || summary ? &output_ : nullptr;
}

void EventStages::connect(Pipeline& pipeline) {
  if (writer_) pipeline.add(*writer_);
  if (tally_) pipeline.add(*tally_);
  if (metrics_) pipeline.add(*metrics_);
}

int EventStages::begin() {
  if (formatter_) {
    formatter_->begin(output_.buffer());
    output_.flush();
  }
  if (options_.output.presentation != Presentation::kTop) return -1;
  top_ = std::make_unique<TopScreen>(*tally_, options_.output.top_interval, top_title(options_));
  top_->tick(lost_);
  return top_->key_fd();
}

void EventStages::tick(const Tracer& tracer) {
  if (!metrics_ && !top_) return;
  auto now = std::chrono::steady_clock::now();
  if (now >= next_losses_) {
    lost_ = tracer.losses().total();
    next_losses_ = now + kLossInterval;
    if (metrics_) metrics_->set_lost(lost_);
  }
  if (top_) top_->tick(lost_);
}

void EventStages::end() {
  top_.reset();
  if (options_.output.presentation == Presentation::kSummary)
    append_summary_table(output_.buffer(), *tally_, terminal_width_of_stdout());
}

}  // namespace sigtrace
