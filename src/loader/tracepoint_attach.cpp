#include "loader/tracepoint_attach.h"

#include <linux/perf_event.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/error.h"
#include "common/unique_fd.h"

namespace sigtrace {
namespace {

[[noreturn]] void fail(int error, const std::string& name, const char* step) {
  auto status = (error == EPERM || error == EACCES) ? ExitStatus::kPermission : ExitStatus::kAttach;
  throw Error(status, "cannot attach to tracepoint " + name + " (" + step + ": " +
                          std::strerror(error) + ")");
}

}  // namespace

BpfLink attach_tracepoint(bpf_program* program, int tracepoint_id, const std::string& name) {
  perf_event_attr attr{};
  attr.type = PERF_TYPE_TRACEPOINT;
  attr.size = sizeof(attr);
  attr.config = static_cast<__u64>(tracepoint_id);
  attr.sample_period = 1;
  attr.wakeup_events = 1;
  // One event on CPU 0 is enough: a BPF program attached to a tracepoint
  // runs wherever the tracepoint fires.
  UniqueFd event(
      static_cast<int>(::syscall(SYS_perf_event_open, &attr, -1, 0, -1, PERF_FLAG_FD_CLOEXEC)));
  if (!event.valid()) fail(errno, name, "perf_event_open");
  bpf_link* link = bpf_program__attach_perf_event(program, event.get());
  if (!link) fail(errno, name, "attach");
  event.release();  // the link closes it
  return BpfLink(link);
}

}  // namespace sigtrace
