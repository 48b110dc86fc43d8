#include "kernel/fate_follower.h"

#include <cstring>
#include <type_traits>

#include "common/error.h"
#include "fate.skel.h"
#include "kernel/attach.h"
#include "kernel/events_map.h"
#include "kernel/libbpf_log.h"

namespace sigtrace {
namespace {

using Globals = std::remove_pointer_t<decltype(fate_bpf::bss)>;

[[noreturn]] void fail(const std::string& step) {
  throw Error(ExitStatus::kUnsupportedKernel,
              "--fate: cannot " + step + libbpf_detail() + " (--verbose shows why)");
}

}  // namespace

void FateFollower::Deleter::operator()(fate_bpf* skel) const {
  fate_bpf__destroy(skel);
}

FateFollower::FateFollower(const sigtrace_config& config, LoadMethod method, bool ring_buffer,
                           size_t perf_bytes)
    : ring_buffer_(ring_buffer) {
  std::string problem;
  bool loaded = load(config, method, perf_bytes, problem);
  if (!loaded && method == LoadMethod::kGenerated) {
    verbose_note("fate: the kernel's loader program failed (" + problem +
                 "); loading the classic way");
    loaded = load(config, LoadMethod::kLibbpf, perf_bytes, problem);
  }
  if (!loaded) fail("load the fate BPF object: " + problem);
  globals_ = MappedGlobals(loaded_.map_fd(skel_->maps.bss), sizeof(Globals));
  if (!globals_.data()) fail("map the fate object's counters");
}

FateFollower::~FateFollower() = default;

bool FateFollower::load(const sigtrace_config& config, LoadMethod method, size_t perf_bytes,
                        std::string& problem) {
  loaded_ = LoadedObject();
  skel_.reset(fate_bpf__open());
  if (!skel_) fail("open the fate BPF object");
  configure_companion_events(skel_->maps.events, ring_buffer_, perf_bytes);
  std::memcpy(const_cast<sigtrace_config*>(&skel_->rodata->config), &config, sizeof(config));
  return loaded_.load(skel_->obj, method, problem) == 0;
}

std::vector<MapShare> FateFollower::shares(int ring_fd) const {
  if (!ring_buffer_) return {};
  return {{loaded_.map_fd(skel_->maps.shared_events), ring_fd, "the ring buffer"}};
}

void FateFollower::shared(const std::vector<std::string>& problems) const {
  for (const std::string& problem : problems) {
    if (!problem.empty()) fail(problem);
  }
}

std::vector<TracepointName> FateFollower::tracepoints() {
  return {{"syscalls", "sys_exit_rt_sigtimedwait"}, {"syscalls", "sys_enter_rt_sigaction"}};
}

void FateFollower::attach(const std::vector<int>& tracepoint_ids) {
  links_.push_back(attach_btf_tracepoint(loaded_.program_fd(skel_->progs.sigtrace_deliver),
                                         "signal/signal_deliver"));
  links_.push_back(attach_btf_tracepoint(loaded_.program_fd(skel_->progs.sigtrace_exit),
                                         "sched/sched_process_exit"));
  links_.push_back(attach_btf_tracepoint(loaded_.program_fd(skel_->progs.sigtrace_stop_flush),
                                         "signal/signal_generate"));
  auto names = tracepoints();
  std::vector<bpf_program*> programs = {skel_->progs.sigtrace_sigwait_x,
                                        skel_->progs.sigtrace_sigaction_e};
  for (size_t i = 0; i < programs.size(); ++i) {
    links_.push_back(
        attach_tracepoint(loaded_.program_fd(programs[i]), tracepoint_ids.at(i), names[i].full()));
  }
}

int FateFollower::events_fd() const {
  return ring_buffer_ ? -1 : loaded_.map_fd(skel_->maps.events);
}

uint64_t FateFollower::lost_events() const {
  const auto& globals = *static_cast<const Globals*>(globals_.data());
  return __atomic_load_n(&globals.lost_events, __ATOMIC_RELAXED);
}

}  // namespace sigtrace
