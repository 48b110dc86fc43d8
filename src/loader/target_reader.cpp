#include "loader/target_reader.h"

#include <cerrno>
#include <cstring>

#include "loader/libbpf_log.h"
#include "signal_target.skel.h"

namespace sigtrace {
namespace {

// Uses the map trace_signal holds, or leaves it out when the mode has no use
// for it.
int share_or_skip(bpf_map* map, int shared_fd) {
  if (shared_fd < 0) return bpf_map__set_autocreate(map, false);
  return bpf_map__reuse_fd(map, shared_fd);
}

}  // namespace

void TargetReader::Deleter::operator()(signal_target_bpf* skel) const {
  signal_target_bpf__destroy(skel);
}

TargetReader::TargetReader(Mode mode, const sigtrace_config& config, const SharedMaps& maps)
    : skel_(signal_target_bpf__open()) {
  if (!skel_) {
    problem_ = "cannot open the signal_target BPF object";
    return;
  }
  bool kill_only = mode == Mode::kKillOnly;
  bpf_program__set_autoload(skel_->progs.sigtrace_kill_target, kill_only);
  bpf_program__set_autoload(skel_->progs.sigtrace_note_target, !kill_only);
  int err = share_or_skip(skel_->maps.values, maps.values);
  if (!err) err = share_or_skip(skel_->maps.gadget_heap, maps.gadget_heap);
  if (!err) err = share_or_skip(skel_->maps.gadget_mntns_filter_map, maps.gadget_mntns_filter_map);
  std::memcpy(const_cast<sigtrace_config*>(&skel_->rodata->config), &config, sizeof(config));
  if (err) give_up("sharing maps", -err);
}

TargetReader::~TargetReader() = default;

void TargetReader::give_up(const char* step, int error) {
  problem_ = std::string("signal_target, ") + step + ": " + std::strerror(error) + libbpf_detail();
  skel_.reset();
}

void TargetReader::load() {
  if (!skel_) return;
  if (int err = signal_target_bpf__load(skel_.get())) give_up("load", -err);
}

void TargetReader::attach() {
  if (!skel_) return;
  if (int err = signal_target_bpf__attach(skel_.get())) give_up("attach", -err);
}

}  // namespace sigtrace
