#include "kernel/kill_only.h"

#include <bpf/bpf.h>

#include <cerrno>
#include <cstring>
#include <type_traits>

#include "common/error.h"
#include "kernel/attach.h"
#include "kernel/events_map.h"
#include "kernel/libbpf_log.h"
#include "kill_only.skel.h"

namespace sigtrace {
namespace {

using Globals = std::remove_pointer_t<decltype(kill_only_bpf::bss)>;

}  // namespace

void KillOnly::Deleter::operator()(kill_only_bpf* skel) const {
  kill_only_bpf__destroy(skel);
}

KillOnly::KillOnly(const sigtrace_config& config, LoadMethod method, bool ring_buffer,
                   size_t perf_bytes)
    : ring_buffer_(ring_buffer), slots_{config.call_slot_tids != 0, config.call_slot_tids} {
  bool loaded = load(config, method, perf_bytes);
  if (!loaded && method == LoadMethod::kGenerated) {
    loaded = load(config, LoadMethod::kLibbpf, perf_bytes);
  }
  if (!loaded) return;
  globals_ = MappedGlobals(loaded_.map_fd(skel_->maps.bss), sizeof(Globals));
  if (!globals_.data()) give_up("cannot map its counters");
}

std::vector<MapShare> KillOnly::shares(int values_fd, int ring_fd) const {
  if (!skel_) return {};
  bpf_map* calls = slots_.default_size() ? skel_->maps.kill_calls_by_default_tid
                   : slots_.by_tid       ? skel_->maps.kill_calls_by_tid
                                         : skel_->maps.kill_calls;
  std::vector<MapShare> shares = {{loaded_.map_fd(calls), values_fd, "values"}};
  if (ring_buffer_) {
    shares.push_back({loaded_.map_fd(skel_->maps.shared_events), ring_fd, "the ring buffer"});
  }
  return shares;
}

void KillOnly::shared(const std::vector<std::string>& problems) {
  for (const std::string& problem : problems) {
    if (!problem.empty()) {
      give_up(problem);
      return;
    }
  }
}

KillOnly::~KillOnly() = default;

bool KillOnly::load(const sigtrace_config& config, LoadMethod method, size_t perf_bytes) {
  loaded_ = LoadedObject();
  skel_.reset(kill_only_bpf__open());
  if (!skel_) {
    problem_ = "cannot open the kill_only BPF object";
    return false;
  }
  configure_companion_events(skel_->maps.events, ring_buffer_, perf_bytes);
  for (bpf_program* program : slot_droppers())
    bpf_program__set_autoload(program, !slots_.by_tid);
  std::memcpy(const_cast<sigtrace_config*>(&skel_->rodata->config), &config, sizeof(config));
  std::string why;
  if (loaded_.load(skel_->obj, method, why) != 0) {
    give_up("load: " + why);
    return false;
  }
  problem_.clear();
  return true;
}

void KillOnly::give_up(const std::string& step) {
  problem_ = "kill_only, " + step + libbpf_detail();
  links_.clear();
  loaded_ = LoadedObject();
  skel_.reset();
}

std::vector<bpf_program*> KillOnly::syscall_programs() const {
  return {skel_->progs.sigtrace_sigqueue_e,   skel_->progs.sigtrace_sigqueue_x,
          skel_->progs.sigtrace_tgsigqueue_e, skel_->progs.sigtrace_tgsigqueue_x,
          skel_->progs.sigtrace_pidfd_e,      skel_->progs.sigtrace_pidfd_x};
}

std::vector<bpf_program*> KillOnly::slot_droppers() const {
  return {skel_->progs.sigtrace_thread_exit, skel_->progs.sigtrace_thread_exec};
}

std::vector<TracepointName> KillOnly::syscall_tracepoints() {
  std::vector<TracepointName> names;
  for (const char* call : {"rt_sigqueueinfo", "rt_tgsigqueueinfo", "pidfd_send_signal"}) {
    names.push_back({"syscalls", std::string("sys_enter_") + call});
    names.push_back({"syscalls", std::string("sys_exit_") + call});
  }
  return names;
}

void KillOnly::attach(const std::vector<int>& tracepoint_ids) {
  if (!skel_) return;
  try {
    if (!slots_.by_tid) {
      links_.push_back(attach_btf_tracepoint(loaded_.program_fd(skel_->progs.sigtrace_thread_exit),
                                             "sched/sched_process_exit"));
      links_.push_back(attach_btf_tracepoint(loaded_.program_fd(skel_->progs.sigtrace_thread_exec),
                                             "sched/sched_process_exec"));
    }
    links_.push_back(attach_btf_tracepoint(loaded_.program_fd(skel_->progs.sigtrace_kill_target),
                                           "signal/signal_generate"));
    auto programs = syscall_programs();
    auto names = syscall_tracepoints();
    for (size_t i = 0; i < programs.size() && i < tracepoint_ids.size(); ++i) {
      links_.push_back(
          attach_tracepoint(loaded_.program_fd(programs[i]), tracepoint_ids[i], names[i].full()));
    }
  } catch (const Error& e) {
    give_up(std::string("attach: ") + e.what());
  }
}

void KillOnly::keep_call_slots() {
  if (!globals_.data()) return;
  __atomic_store_n(&static_cast<Globals*>(globals_.data())->keep_call_slots, 1, __ATOMIC_RELAXED);
}

int KillOnly::events_fd() const {
  return skel_ && !ring_buffer_ ? loaded_.map_fd(skel_->maps.events) : -1;
}

void KillOnly::set_mntns_list(const std::set<uint64_t>& wanted, const std::set<uint64_t>& listed) {
  if (!skel_) return;
  int map = loaded_.map_fd(skel_->maps.gadget_mntns_filter_map);
  const __u32 value = 1;
  for (uint64_t id : listed) {
    if (!wanted.count(id)) bpf_map_delete_elem(map, &id);
  }
  for (uint64_t id : wanted)
    bpf_map_update_elem(map, &id, &value, BPF_ANY);
}

KillOnlyCounters KillOnly::counters() const {
  if (!globals_.data()) return {};
  const auto& globals = *static_cast<const Globals*>(globals_.data());
  return {__atomic_load_n(&globals.lost_events, __ATOMIC_RELAXED),
          __atomic_load_n(&globals.lost_calls, __ATOMIC_RELAXED)};
}

}  // namespace sigtrace
