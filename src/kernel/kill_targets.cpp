#include "kernel/kill_targets.h"

#include <bpf/bpf.h>

#include <cerrno>
#include <cstring>

#include "common/error.h"
#include "kernel/attach.h"
#include "kernel/libbpf_log.h"
#include "kill_targets.skel.h"

namespace sigtrace {

void KillTargets::Deleter::operator()(kill_targets_bpf* skel) const {
  kill_targets_bpf__destroy(skel);
}

KillTargets::KillTargets(const sigtrace_config& config, LoadMethod method, int values_fd) {
  bool loaded = load(config, method);
  if (!loaded && method == LoadMethod::kGenerated) loaded = load(config, LoadMethod::kLibbpf);
  if (!loaded) return;
  const __u32 slot = 0;
  if (bpf_map_update_elem(loaded_.map_fd(skel_->maps.kill_calls), &slot, &values_fd, BPF_ANY)) {
    give_up(std::string("sharing values: ") + std::strerror(errno));
  }
}

KillTargets::~KillTargets() = default;

bool KillTargets::load(const sigtrace_config& config, LoadMethod method) {
  loaded_ = LoadedObject();
  skel_.reset(kill_targets_bpf__open());
  if (!skel_) {
    problem_ = "cannot open the kill_targets BPF object";
    return false;
  }
  std::memcpy(const_cast<sigtrace_config*>(&skel_->rodata->config), &config, sizeof(config));
  std::string why;
  if (loaded_.load(skel_->obj, method, why) != 0) {
    give_up("load: " + why);
    return false;
  }
  problem_.clear();
  return true;
}

void KillTargets::give_up(const std::string& step) {
  problem_ = "kill_targets, " + step + libbpf_detail();
  loaded_ = LoadedObject();
  skel_.reset();
}

void KillTargets::attach() {
  if (!skel_) return;
  try {
    link_ = attach_btf_tracepoint(loaded_.program_fd(skel_->progs.sigtrace_kill_target),
                                  "signal/signal_generate");
  } catch (const Error& e) {
    give_up(std::string("attach: ") + e.what());
  }
}

}  // namespace sigtrace
