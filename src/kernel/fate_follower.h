// fate, the companion object --fate loads (gadget/trace_signal/fate.bpf.c):
// the moments after a signal's generation, each signal's delivery, each
// task's exit and the pending signals thrown away unseen, written into trace_signal's ring buffer
// beside its events (or, with perf buffers, into perf buffers of its own, read beside them). Loaded
// only with --fate; when it cannot load or attach, --fate fails and says why.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/unique_fd.h"
#include "kernel/map_sharing.h"
#include "kernel/object_loading.h"
#include "kernel/tracefs.h"
#include "signal_event.h"

struct fate_bpf;

namespace sigtrace {

class FateFollower {
 public:
  // Without a ring buffer to share, with perf_bytes of perf buffers of its
  // own.
  FateFollower(const sigtrace_config& config, LoadMethod method, bool ring_buffer,
               size_t perf_bytes);
  ~FateFollower();
  FateFollower(const FateFollower&) = delete;
  FateFollower& operator=(const FateFollower&) = delete;

  // trace_signal's ring buffer, into this object's outer map
  // (map_sharing.h); shared() throws for what went wrong.
  std::vector<MapShare> shares(int ring_fd) const;
  void shared(const std::vector<std::string>& problems) const;

  // Its classic tracepoints (rt_sigtimedwait's exit, rt_sigaction's entry),
  // for tracefs to number.
  static std::vector<TracepointName> tracepoints();
  void attach(const std::vector<int>& tracepoint_ids);
  // Its attachments, for the caller to close (detach_together()).
  std::vector<UniqueFd> release_links() { return std::exchange(links_, {}); }

  // Its own perf event array; -1 with the ring buffer.
  int events_fd() const;
  uint64_t lost_events() const;

 private:
  bool load(const sigtrace_config& config, LoadMethod method, size_t perf_bytes,
            std::string& problem);

  struct Deleter {
    void operator()(fate_bpf* skel) const;
  };
  std::unique_ptr<fate_bpf, Deleter> skel_;
  LoadedObject loaded_;
  MappedGlobals globals_;
  std::vector<UniqueFd> links_;
  bool ring_buffer_;
};

}  // namespace sigtrace
