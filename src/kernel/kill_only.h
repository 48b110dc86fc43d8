// kill_only, the companion object of kill-only mode: it reads each call's
// target task from the kernel into trace_signal's `values` map, and follows
// the three signal syscalls the gadget does not (rt_sigqueueinfo,
// rt_tgsigqueueinfo, pidfd_send_signal), its events in trace_signal's ring
// buffer. When it cannot load, sigtrace traces the gadget's calls without
// it and says why.
#pragma once

#include <bpf/libbpf.h>

#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "common/unique_fd.h"
#include "kernel/call_slots.h"
#include "kernel/map_sharing.h"
#include "kernel/object_loading.h"
#include "kernel/tracefs.h"
#include "signal_event.h"

struct kill_only_bpf;

namespace sigtrace {

struct KillOnlyCounters {
  uint64_t lost_events = 0;
  uint64_t lost_calls = 0;
};

class KillOnly {
 public:
  // Loads the object the way trace_signal was loaded; on the perf buffer
  // path (no ring buffer to share) with perf_bytes of perf buffers of its own.
  KillOnly(const sigtrace_config& config, LoadMethod method, bool ring_buffer, size_t perf_bytes);
  ~KillOnly();
  KillOnly(const KillOnly&) = delete;
  KillOnly& operator=(const KillOnly&) = delete;

  // Why it is not working; empty when it is.
  const std::string& problem() const { return problem_; }

  // What it needs of trace_signal: its `values` and ring buffer, put into
  // this object's outer maps (map_sharing.h); then shared() with what
  // went wrong, if anything.
  std::vector<MapShare> shares(int values_fd, int ring_fd) const;
  void shared(const std::vector<std::string>& problems);

  // Its syscall programs' tracepoints, for tracefs to number.
  static std::vector<TracepointName> syscall_tracepoints();
  // The thread-exit cleaners (with hashed slots) and the target reader first (the calls must
  // find it), then the syscalls, by the ids of syscall_tracepoints().
  void attach(const std::vector<int>& tracepoint_ids);
  // Once attached: its calls keep their threads' slots in `values`.
  void keep_call_slots();
  // Its attachments, for the caller to close (detach_together()).
  std::vector<UniqueFd> release_links() { return std::exchange(links_, {}); }

  // Its own perf event array; -1 with the ring buffer, or when not loaded.
  int events_fd() const;
  void set_mntns_list(const std::set<uint64_t>& wanted, const std::set<uint64_t>& listed);
  KillOnlyCounters counters() const;

 private:
  bool load(const sigtrace_config& config, LoadMethod method, size_t perf_bytes);
  void give_up(const std::string& step);
  std::vector<bpf_program*> syscall_programs() const;
  // The programs that drop the slots of threads that go (hashed slots only).
  std::vector<bpf_program*> slot_droppers() const;

  struct Deleter {
    void operator()(kill_only_bpf* skel) const;
  };
  std::unique_ptr<kill_only_bpf, Deleter> skel_;
  LoadedObject loaded_;
  MappedGlobals globals_;
  std::vector<UniqueFd> links_;
  std::string problem_;
  bool ring_buffer_;
  CallSlotLayout slots_;  // how `values` holds the calls (call_slots.h)
};

}  // namespace sigtrace
