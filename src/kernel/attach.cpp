#include "kernel/attach.h"

#include <bpf/bpf.h>
#include <linux/perf_event.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>
#include <thread>

#include "common/error.h"
#include "common/helper_thread.h"

namespace sigtrace {
namespace {

[[noreturn]] void fail(int error, const std::string& name, const char* step) {
  auto status = (error == EPERM || error == EACCES) ? ExitStatus::kPermission : ExitStatus::kAttach;
  throw Error(status, "cannot attach to tracepoint " + name + " (" + step + ": " +
                          std::strerror(error) + ")");
}

UniqueFd open_tracepoint_event(int tracepoint_id, const std::string& name) {
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
  return event;
}

}  // namespace

UniqueFd attach_btf_tracepoint(int program_fd, const std::string& name) {
  UniqueFd link(bpf_raw_tracepoint_open(nullptr, program_fd));
  if (!link.valid()) fail(errno, name, "raw tracepoint");
  return link;
}

UniqueFd attach_tracepoint(int program_fd, int tracepoint_id, const std::string& name) {
  UniqueFd event = open_tracepoint_event(tracepoint_id, name);
  // A BPF link where the kernel has them (5.15); the event itself before.
  UniqueFd link(bpf_link_create(program_fd, event.get(), BPF_PERF_EVENT, nullptr));
  if (link.valid()) return link;
  if (::ioctl(event.get(), PERF_EVENT_IOC_SET_BPF, program_fd) != 0) fail(errno, name, "attach");
  if (::ioctl(event.get(), PERF_EVENT_IOC_ENABLE, 0) != 0) fail(errno, name, "enable");
  return event;
}

void detach_together(std::vector<UniqueFd> links) {
  std::vector<std::thread> closers;
  for (UniqueFd& link : links) {
    try {
      closers.emplace_back([fd = std::move(link)]() mutable {
        block_signals_in_this_thread();
        fd.reset();
      });
    } catch (const std::system_error&) {
      // No thread to spare: the closer, destroyed unstarted, closed it here.
    }
  }
  for (std::thread& closer : closers)
    closer.join();
}

}  // namespace sigtrace
