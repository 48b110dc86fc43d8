// kill_targets, the companion object of kill-only mode that reads each
// call's target task from the kernel into trace_signal's `values` map. When
// it cannot load, sigtrace traces the calls without it and says why.
#pragma once

#include <memory>
#include <string>

#include "common/unique_fd.h"
#include "kernel/object_loading.h"
#include "signal_event.h"

struct kill_targets_bpf;

namespace sigtrace {

class KillTargets {
 public:
  // Loads the object the way trace_signal was loaded, then hands it
  // trace_signal's `values` map.
  KillTargets(const sigtrace_config& config, LoadMethod method, int values_fd);
  ~KillTargets();
  KillTargets(const KillTargets&) = delete;
  KillTargets& operator=(const KillTargets&) = delete;

  void attach();
  void detach() { link_.reset(); }

  // Why it is not working; empty when it is.
  const std::string& problem() const { return problem_; }

 private:
  bool load(const sigtrace_config& config, LoadMethod method);
  void give_up(const std::string& step);

  struct Deleter {
    void operator()(kill_targets_bpf* skel) const;
  };
  std::unique_ptr<kill_targets_bpf, Deleter> skel_;
  LoadedObject loaded_;
  UniqueFd link_;
  std::string problem_;
};

}  // namespace sigtrace
