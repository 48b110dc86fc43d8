// signal_target, the optional object that reads each signal's target task
// from the kernel. It shares maps with trace_signal; when it cannot load,
// sigtrace traces without it and says why.
#pragma once

#include <bpf/libbpf.h>

#include <memory>
#include <string>

#include "common/mode.h"
#include "signal_event.h"

struct signal_target_bpf;

namespace sigtrace {

// trace_signal's maps that signal_target uses too, by file descriptor.
struct SharedMaps {
  int values = -1;                   // kill-only mode
  int gadget_heap = -1;              // default mode
  int gadget_mntns_filter_map = -1;  // default mode
};

class TargetReader {
 public:
  // Opens and configures the object for the mode: the same filter settings
  // as trace_signal, so that it does nothing for dropped signals.
  TargetReader(Mode mode, const sigtrace_config& config, const SharedMaps& maps);
  ~TargetReader();
  TargetReader(const TargetReader&) = delete;
  TargetReader& operator=(const TargetReader&) = delete;

  void load();
  // Before trace_signal's tracepoint, so that this probe runs first there.
  void attach();

  // Why it is not working; empty when it is.
  const std::string& problem() const { return problem_; }

 private:
  void give_up(const char* step, int error);

  struct Deleter {
    void operator()(signal_target_bpf* skel) const;
  };
  std::unique_ptr<signal_target_bpf, Deleter> skel_;
  std::string problem_;
};

}  // namespace sigtrace
