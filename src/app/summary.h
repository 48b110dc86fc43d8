// The lines on stderr at the end of a run: events written and lost, and a
// warning for every kind of event that did not reach the output.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/pipeline.h"
#include "kernel/tracer.h"
#include "output/output_stream.h"

namespace sigtrace {

void report_end(const Pipeline& pipeline, const OutputStream& output, const LossCounts& losses,
                std::optional<uint64_t> count);

// The container names -c or --tcontainername asked for that no runtime
// ever knew while sigtrace ran.
void report_never_seen(const std::vector<std::string>& names);

}  // namespace sigtrace
