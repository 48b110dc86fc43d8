// Starting a real tracer for a test.
#pragma once

#include <memory>

#include "loader/tracer.h"

namespace sigtrace::testing {

std::unique_ptr<Tracer> start_tracer(Mode mode, KernelFilter filter = {},
                                     Transport transport = Transport::kAuto);

}  // namespace sigtrace::testing
