#include "tracing.h"

#include "kernel/libbpf_log.h"

namespace sigtrace::testing {

std::unique_ptr<Tracer> start_tracer(Mode mode, KernelFilter filter, Transport transport) {
  TracerOptions options;
  options.mode = mode;
  options.filter = std::move(filter);
  options.transport = transport;
  return start_tracer(std::move(options));
}

std::unique_ptr<Tracer> start_tracer(TracerOptions options) {
  route_libbpf_messages(getenv("SIGTRACE_TEST_VERBOSE") != nullptr);
  // Tests wait for their events; no reason to let them sit in the buffer.
  options.wakeup_interval = std::chrono::milliseconds(1);
  return std::make_unique<Tracer>(options);
}

KernelFilter only_sender(pid_t pid) {
  KernelFilter filter;
  filter.pid = static_cast<uint32_t>(pid);
  return filter;
}

}  // namespace sigtrace::testing
