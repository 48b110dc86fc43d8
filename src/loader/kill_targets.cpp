#include "loader/kill_targets.h"

#include <cerrno>
#include <cstring>

#include "kill_targets.skel.h"
#include "loader/libbpf_log.h"

namespace sigtrace {

void KillTargets::Deleter::operator()(kill_targets_bpf* skel) const {
  kill_targets_bpf__destroy(skel);
}

KillTargets::KillTargets(const sigtrace_config& config, int values_fd)
    : skel_(kill_targets_bpf__open()) {
  if (!skel_) {
    problem_ = "cannot open the kill_targets BPF object";
    return;
  }
  std::memcpy(const_cast<sigtrace_config*>(&skel_->rodata->config), &config, sizeof(config));
  if (int err = bpf_map__reuse_fd(skel_->maps.values, values_fd)) give_up("sharing maps", -err);
}

KillTargets::~KillTargets() = default;

void KillTargets::give_up(const char* step, int error) {
  problem_ = std::string("kill_targets, ") + step + ": " + std::strerror(error) + libbpf_detail();
  skel_.reset();
}

void KillTargets::load() {
  if (!skel_) return;
  if (int err = kill_targets_bpf__load(skel_.get())) give_up("load", -err);
}

void KillTargets::attach() {
  if (!skel_) return;
  if (int err = kill_targets_bpf__attach(skel_.get())) give_up("attach", -err);
}

void KillTargets::detach() {
  if (skel_) kill_targets_bpf__detach(skel_.get());
}

}  // namespace sigtrace
