// kill_targets, the companion object of kill-only mode that reads each
// call's target task from the kernel into trace_signal's `values` map. When
// it cannot load, sigtrace traces the calls without it and says why.
#pragma once

#include <bpf/libbpf.h>

#include <memory>
#include <string>

#include "signal_event.h"

struct kill_targets_bpf;

namespace sigtrace {

class KillTargets {
 public:
  // Opens and configures the object around trace_signal's `values` map.
  KillTargets(const sigtrace_config& config, int values_fd);
  ~KillTargets();
  KillTargets(const KillTargets&) = delete;
  KillTargets& operator=(const KillTargets&) = delete;

  void load();
  void attach();
  void detach();

  // Why it is not working; empty when it is.
  const std::string& problem() const { return problem_; }

 private:
  void give_up(const char* step, int error);

  struct Deleter {
    void operator()(kill_targets_bpf* skel) const;
  };
  std::unique_ptr<kill_targets_bpf, Deleter> skel_;
  std::string problem_;
};

}  // namespace sigtrace
