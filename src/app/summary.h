// The lines on stderr at the end of a run: events written and lost, and a
// warning for every kind of event that did not reach the output. When no
// line is written per event (--summary, top, -o none), the events are
// those counted.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/pipeline.h"
#include "kernel/tracer.h"
#include "output/output_stream.h"

namespace sigtrace {

// events_written: a line is written per event; else they are counted.
void report_end(const Pipeline& pipeline, const OutputStream& output, const LossCounts& losses,
                std::optional<uint64_t> count, bool events_written);

// --fate: signals that could not be followed, and what losses mean for
// the fates shown.
void report_fates(uint64_t unfollowed, const LossCounts& losses);

// The container names -c or --tcontainername asked for that no runtime
// ever knew while sigtrace ran.
void report_never_seen(const std::vector<std::string>& names);

}  // namespace sigtrace
