#include "kernel/tracer.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <future>
#include <iterator>
#include <type_traits>
#include <utility>
#include <vector>

#include "common/error.h"
#include "common/helper_thread.h"
#include "kernel/attach.h"
#include "kernel/events_map.h"
#include "kernel/fate_follower.h"
#include "kernel/kernel_btf.h"
#include "kernel/kernel_version.h"
#include "kernel/kill_only.h"
#include "kernel/libbpf_log.h"
#include "kernel/map_sharing.h"
#include "kernel/object_loading.h"
#include "kernel/preflight.h"
#include "kernel/tracefs.h"
#include "trace_signal.skel.h"
#include "transport/time_ordered_batch.h"

namespace sigtrace {
namespace {

// bpf_rdonly_cast(), which spares the verifier its slowest checks (see
// task_reading.bpf.h).
constexpr KernelVersion kReadOnlyCast{6, 2};
// bpf_task_pt_regs(): where generated signals come from.
constexpr KernelVersion kTaskPtRegs{5, 15};
// BPF_F_INNER_MAP, which kill_only's view of slots by tid needs.
constexpr KernelVersion kInnerMapsOfAnySize{5, 10};

using Globals = std::remove_pointer_t<decltype(trace_signal_bpf::bss)>;

struct TraceSignalDeleter {
  void operator()(trace_signal_bpf* skel) const { trace_signal_bpf__destroy(skel); }
};
using TraceSignalObject = std::unique_ptr<trace_signal_bpf, TraceSignalDeleter>;

// The syscall programs are classic tracepoints: the kernel numbers them in
// tracefs. ig_sig_generate is BTF-typed and needs no such number.
std::vector<TracepointName> gadget_syscall_tracepoints() {
  std::vector<TracepointName> names;
  for (const char* call : {"kill", "tkill", "tgkill"}) {
    names.push_back({"syscalls", std::string("sys_enter_") + call});
    names.push_back({"syscalls", std::string("sys_exit_") + call});
  }
  return names;
}

// In gadget_syscall_tracepoints()'s order.
std::vector<bpf_program*> syscall_programs(trace_signal_bpf& skel) {
  return {skel.progs.ig_sig_kill_e,  skel.progs.ig_sig_kill_x,   skel.progs.ig_sig_tkill_e,
          skel.progs.ig_sig_tkill_x, skel.progs.ig_sig_tgkill_e, skel.progs.ig_sig_tgkill_x};
}

Transport resolve_transport(Transport wanted) {
  if (wanted != Transport::kAuto) return wanted;
  return libbpf_probe_bpf_map_type(BPF_MAP_TYPE_RINGBUF, nullptr) > 0 ? Transport::kRingBuffer
                                                                      : Transport::kPerfBuffer;
}

// SIGTRACE_LOADER=libbpf or =generated chooses the way (tests cover both).
LoadMethod preferred_method() {
  const char* forced = std::getenv("SIGTRACE_LOADER");
  if (forced && std::strcmp(forced, "libbpf") == 0) return LoadMethod::kLibbpf;
  if (forced && std::strcmp(forced, "generated") == 0) return LoadMethod::kGenerated;
  return kernel_runs_loader_programs() ? LoadMethod::kGenerated : LoadMethod::kLibbpf;
}

bool kernel_has_task_btf(LoadMethod method) {
  // Loader programs need 5.17; bpf_get_current_task_btf() came in 5.11.
  if (method == LoadMethod::kGenerated) return true;
  return libbpf_probe_bpf_helper(BPF_PROG_TYPE_TRACEPOINT, BPF_FUNC_get_current_task_btf, nullptr) >
         0;
}

// By version: libbpf cannot probe helpers of tracing programs.
bool kernel_has(KernelVersion wanted) {
  auto version = running_kernel_version();
  return version && !(*version < wanted);
}

size_t page_size() {
  return static_cast<size_t>(::sysconf(_SC_PAGESIZE));
}

// Perf buffers of the companions' own (kill_only's syscalls are rare; the
// fate object writes a record per delivery): a share of the events'.
constexpr size_t kCompanionShare = 8;

[[noreturn]] void fail_load(const char* object, int error, const std::string& problem) {
  auto status = error == EPERM ? ExitStatus::kPermission : ExitStatus::kRuntime;
  throw Error(status, std::string("cannot load the ") + object + " BPF object: " + problem +
                          libbpf_detail() + " (--verbose shows why)");
}

uint64_t read_counter(const __u64& counter) {
  return __atomic_load_n(&counter, __ATOMIC_RELAXED);
}

}  // namespace

struct Tracer::Impl {
  TracerOptions options;
  Transport transport = Transport::kRingBuffer;
  // Declared in the order they are built; destroyed in reverse.
  TraceSignalObject skel;
  LoadedObject loaded;
  MappedGlobals globals;
  std::unique_ptr<KillOnly> kill_only;
  std::unique_ptr<FateFollower> fate;
  // The companions' outer maps being filled; joined before they go.
  std::unique_ptr<MapSharing> sharing;
  std::future<std::vector<int>> tracepoint_numbers;
  std::vector<UniqueFd> links;
  std::unique_ptr<RecordReader> reader;
  // The companions' own perf buffers (with a ring buffer, they share it).
  std::vector<std::unique_ptr<RecordReader>> companion_readers;
  std::string target_problem;
  std::set<uint64_t> mntns_list;
  CallSlotLayout slot_layout;
  sigtrace_config config{};  // what every object's .rodata holds
  size_t kill_only_shares = 0;

  explicit Impl(const TracerOptions& opts) : options(opts), slot_layout(choose_slot_layout(opts)) {}

  static CallSlotLayout choose_slot_layout(const TracerOptions& options) {
    if (options.mode != Mode::kKillOnly) return {};
    auto pid_max = options.pid_max ? options.pid_max : host_pid_max();
    CallSlots wanted = options.call_slots;
    if (wanted == CallSlots::kAuto && !kernel_has(kInnerMapsOfAnySize)) wanted = CallSlots::kHashed;
    CallSlotLayout layout = choose_call_slots(wanted, pid_max.value_or(0));
    std::string host = pid_max ? " (pid_max " + std::to_string(*pid_max) + ")" : "";
    verbose_note(layout.by_tid ? "calls in flight: an array of " + std::to_string(layout.entries) +
                                     " slots by tid" + host
                               : "calls in flight: hashed by tid" + host);
    return layout;
  }

  void open() {
    skel.reset(trace_signal_bpf__open());
    if (!skel) throw Error(ExitStatus::kRuntime, "cannot open the trace_signal BPF object");
  }

  sigtrace_config make_config(LoadMethod method) const {
    sigtrace_config config{};
    config.use_ringbuf = transport == Transport::kRingBuffer;
    config.have_task_btf = kernel_has_task_btf(method);
    config.untrusted_reads = config.have_task_btf && kernel_has(kReadOnlyCast);
    config.have_task_pt_regs = config.have_task_btf && kernel_has(kTaskPtRegs);
    config.wakeup_interval_ns =
        static_cast<__u64>(std::chrono::nanoseconds(options.wakeup_interval).count());
    config.self_tgid = static_cast<__u32>(::getpid());
    config.pidns_inum_offset = pid_namespace_inum_offset();
    config.follow_fates = options.follow_fates;
    config.call_slot_tids = slot_layout.by_tid ? slot_layout.entries : 0;
    apply_filter(options.filter, config);
    return config;
  }

  void configure(LoadMethod method) {
    configure_events_map(skel->maps.events, transport == Transport::kRingBuffer,
                         options.buffer_bytes);
    bool kill_only = options.mode == Mode::kKillOnly;
    bpf_program__set_autoload(skel->progs.ig_sig_generate, !kill_only);
    for (bpf_program* program : syscall_programs(*skel))
      bpf_program__set_autoload(program, kill_only);
    // The generate mode never saves syscall arguments.
    if (!kill_only) bpf_map__set_max_entries(skel->maps.values, 1);
    if (kill_only) shape_call_slots(skel->maps.values, slot_layout);
    config = make_config(method);
    std::memcpy(const_cast<sigtrace_config*>(&skel->rodata->config), &config, sizeof(config));
  }

  // The fast way where the kernel has it; the classic one otherwise, and
  // when the fast way fails (it then says better why).
  void load_trace_signal(LoadMethod method) {
    std::string problem;
    open();
    configure(method);
    int err = loaded.load(skel->obj, method, problem);
    if (err && method == LoadMethod::kGenerated) {
      verbose_note("the kernel's loader program failed (" + problem + "); loading the classic way");
      loaded = LoadedObject();
      open();
      configure(LoadMethod::kLibbpf);
      err = loaded.load(skel->obj, LoadMethod::kLibbpf, problem);
    }
    if (err) fail_load("trace_signal", -err, problem);
    globals = MappedGlobals(loaded.map_fd(skel->maps.bss), sizeof(Globals));
    if (!globals.data()) throw Error(ExitStatus::kRuntime, "cannot map trace_signal's counters");
  }

  void load_companions(const sigtrace_config& settings, LoadMethod method) {
    bool ring_buffer = transport == Transport::kRingBuffer;
    if (options.mode == Mode::kKillOnly) {
      kill_only = std::make_unique<KillOnly>(settings, method, ring_buffer,
                                             options.buffer_bytes / kCompanionShare);
    }
    if (options.follow_fates) {
      fate = std::make_unique<FateFollower>(settings, method, ring_buffer,
                                            options.buffer_bytes / kCompanionShare);
    }
  }

  // The classic tracepoints every object attaches to, in attach()'s order.
  std::vector<TracepointName> classic_tracepoints() const {
    std::vector<TracepointName> names;
    if (options.mode == Mode::kKillOnly) {
      names = gadget_syscall_tracepoints();
      append(names, KillOnly::syscall_tracepoints());
    }
    if (options.follow_fates) append(names, FateFollower::tracepoints());
    return names;
  }

  // Each loader program takes the kernel 10 to 20 ms, and numbering the
  // tracepoints may take a helper process: all at once, on both CPUs. The
  // companions get the settings trace_signal is loaded with.
  void load() {
    LoadMethod method = preferred_method();
    auto names = classic_tracepoints();
    if (!names.empty()) {
      tracepoint_numbers = std::async(std::launch::async, [names] {
        block_signals_in_this_thread();
        return tracepoint_ids(names);
      });
    }
    // With the settings of the way trace_signal is tried first: where it
    // must fall back (a kernel before 5.17), the companions do too, and the
    // settings agree.
    auto companions =
        std::async(std::launch::async, [this, method, settings = make_config(method)] {
          block_signals_in_this_thread();
          load_companions(settings, method);
        });
    load_trace_signal(method);
    companions.get();
  }

  // What the companions take of trace_signal, before anything is attached.
  std::unique_ptr<MapSharing> start_sharing() {
    int ring_fd = transport == Transport::kRingBuffer ? loaded.map_fd(skel->maps.events) : -1;
    std::vector<MapShare> shares;
    if (kill_only) shares = kill_only->shares(loaded.map_fd(skel->maps.values), ring_fd);
    kill_only_shares = shares.size();
    if (fate) {
      auto more = fate->shares(ring_fd);
      shares.insert(shares.end(), more.begin(), more.end());
    }
    return std::make_unique<MapSharing>(shares);
  }

  void finish_sharing(MapSharing& sharing) {
    std::vector<std::string> problems = sharing.wait_filled();
    auto fate_problems = problems.begin() + static_cast<long>(kill_only_shares);
    if (kill_only) kill_only->shared({problems.begin(), fate_problems});
    if (fate) fate->shared({fate_problems, problems.end()});
    if (options.follow_fates && kill_only && !kill_only->problem().empty()) {
      throw Error(ExitStatus::kUnsupportedKernel,
                  "--fate -k needs the kill_only object: " + kill_only->problem());
    }
  }

  const Globals& counters() const { return *static_cast<const Globals*>(globals.data()); }

  void set_mntns_list(const std::set<uint64_t>& wanted) {
    int map = loaded.map_fd(skel->maps.gadget_mntns_filter_map);
    size_t capacity = bpf_map__max_entries(skel->maps.gadget_mntns_filter_map);
    // A list to keep must fit; a list to drop may be cut short, since user
    // space also decides every event that gets through.
    if (wanted.size() > capacity && options.filter.mntns_mode == SIGTRACE_MNTNS_ONLY) {
      throw Error(ExitStatus::kUsage,
                  "at most " + std::to_string(capacity) + " mount namespaces can be chosen");
    }
    const __u32 listed = 1;
    for (uint64_t id : mntns_list) {
      if (!wanted.count(id)) bpf_map_delete_elem(map, &id);
    }
    std::set<uint64_t> now_listed;
    for (uint64_t id : mntns_list) {
      if (wanted.count(id)) now_listed.insert(id);
    }
    for (uint64_t id : wanted) {
      if (now_listed.count(id)) continue;
      if (now_listed.size() == capacity) break;
      if (bpf_map_update_elem(map, &id, &listed, BPF_ANY) != 0) {
        throw Error(ExitStatus::kRuntime,
                    "cannot fill the mount namespace filter: " + std::string(std::strerror(errno)));
      }
      now_listed.insert(id);
    }
    if (kill_only) kill_only->set_mntns_list(now_listed, mntns_list);
    mntns_list = std::move(now_listed);
  }

  // Every classic tracepoint numbered at once: without tracefs, one helper
  // does it. Then the fate object (its records follow any event), the
  // companion (a call finds its target), the gadget's programs last.
  void attach() {
    bool kill_mode = options.mode == Mode::kKillOnly;
    auto programs = kill_mode ? syscall_programs(*skel) : std::vector<bpf_program*>{};
    std::vector<TracepointName> names = classic_tracepoints();
    size_t companion_at = programs.size();
    size_t fate_at = companion_at + (kill_mode ? KillOnly::syscall_tracepoints().size() : 0);
    sharing = start_sharing();
    std::vector<int> ids =
        tracepoint_numbers.valid() ? tracepoint_numbers.get() : std::vector<int>{};
    finish_sharing(*sharing);
    if (fate) fate->attach({ids.begin() + static_cast<long>(fate_at), ids.end()});
    if (!kill_mode) {
      links.push_back(attach_btf_tracepoint(loaded.program_fd(skel->progs.ig_sig_generate),
                                            "signal/signal_generate"));
      return;
    }
    kill_only->attach(
        {ids.begin() + static_cast<long>(companion_at), ids.begin() + static_cast<long>(fate_at)});
    target_problem = kill_only->problem();
    for (size_t i = 0; i < programs.size(); ++i)
      links.push_back(attach_tracepoint(loaded.program_fd(programs[i]), ids[i], names[i].full()));
    if (target_problem.empty()) keep_call_slots();
  }

  // kill_only now deletes the slots of exiting threads (kill_calls.bpf.h).
  void keep_call_slots() {
    kill_only->keep_call_slots();
    __atomic_store_n(&writable_globals().keep_call_slots, 1, __ATOMIC_RELAXED);
  }

  Globals& writable_globals() { return *static_cast<Globals*>(globals.data()); }

  static void append(std::vector<TracepointName>& names, const std::vector<TracepointName>& more) {
    names.insert(names.end(), more.begin(), more.end());
  }

  void detach() {
    std::vector<UniqueFd> all = std::exchange(links, {});
    auto take = [&all](std::vector<UniqueFd> more) {
      std::move(more.begin(), more.end(), std::back_inserter(all));
    };
    if (kill_only) take(kill_only->release_links());
    if (fate) take(fate->release_links());
    detach_together(std::move(all));
  }

  std::unique_ptr<RecordReader> reader_for(int fd, size_t bytes) const {
    if (transport == Transport::kRingBuffer) {
      return make_ring_buffer_reader(fd, ring_buffer_size(bytes));
    }
    size_t cpus = static_cast<size_t>(std::max(libbpf_num_possible_cpus(), 1));
    size_t per_cpu = std::max(bytes / cpus, page_size());
    return make_perf_buffer_reader(fd, per_cpu, std::min(options.wakeup_bytes, per_cpu / 2));
  }

  void open_reader() {
    reader = reader_for(loaded.map_fd(skel->maps.events), options.buffer_bytes);
    for (int fd : {kill_only ? kill_only->events_fd() : -1, fate ? fate->events_fd() : -1}) {
      if (fd < 0) continue;
      companion_readers.push_back(reader_for(fd, options.buffer_bytes / kCompanionShare));
      // One wait for all: woken by any buffer.
      reader->wake_on_data(companion_readers.back()->wait_fd());
    }
  }

  // Per-CPU perf buffers: what one read brings goes out by time. One ring
  // buffer, which the companions write into too, is in order.
  bool several_buffers() const { return transport == Transport::kPerfBuffer; }

  // How the main buffer is read: after waiting for data (poll), after a
  // pause (pause_then_drain), or at once (drain).
  template <typename ReadMain>
  int read(RecordSink& sink, ReadMain&& read_main) {
    RecordSink& first = several_buffers() ? batch : sink;
    int records = read_main(*reader, first);
    for (auto& companion : companion_readers)
      records += companion->drain(first);
    if (several_buffers()) batch.flush(sink);
    return records;
  }

  TimeOrderedBatch batch;
};

Tracer::Tracer(const TracerOptions& options) : impl_(std::make_unique<Impl>(options)) {
  preflight();
  impl_->transport = resolve_transport(options.transport);
  impl_->load();
  impl_->set_mntns_list({options.filter.mntns_ids.begin(), options.filter.mntns_ids.end()});
  // The reader first: perf buffers have no slot for a CPU until it exists,
  // and an event sent there before would be counted as lost.
  impl_->open_reader();
  impl_->attach();
}

Tracer::~Tracer() = default;

int Tracer::poll(std::chrono::milliseconds timeout, RecordSink& sink) {
  return impl_->read(sink, [&](RecordReader& reader, RecordSink& first) {
    return reader.poll(static_cast<int>(timeout.count()), first);
  });
}

int Tracer::pause_then_drain(std::chrono::milliseconds pause, RecordSink& sink) {
  return impl_->read(sink, [&](RecordReader& reader, RecordSink& first) {
    // The companions' buffers are smaller: one filling fast is read at once.
    if (std::ranges::any_of(impl_->companion_readers,
                            [](const auto& companion) { return companion->filling_fast(); }))
      return reader.drain(first);
    return reader.pause_then_drain(static_cast<int>(pause.count()), first);
  });
}

int Tracer::drain(RecordSink& sink) {
  return impl_->read(sink,
                     [](RecordReader& reader, RecordSink& first) { return reader.drain(first); });
}

void Tracer::detach() {
  impl_->detach();
}

void Tracer::wake_on(int fd) {
  impl_->reader->wake_on(fd);
}

void Tracer::set_mntns_list(const std::set<uint64_t>& mntns_ids) {
  impl_->set_mntns_list(mntns_ids);
}

LossCounts Tracer::losses() const {
  LossCounts counts;
  uint64_t in_bpf = read_counter(impl_->counters().lost_events);
  uint64_t in_transport = impl_->reader ? impl_->reader->dropped() : 0;
  // A full perf buffer both fails bpf_perf_event_output() and later shows up
  // as a "lost" record: the same events, counted twice.
  counts.events = impl_->transport == Transport::kPerfBuffer ? std::max(in_bpf, in_transport)
                                                             : in_bpf + in_transport;
  counts.calls = read_counter(impl_->counters().lost_calls);
  uint64_t companion_lost = 0;
  if (impl_->kill_only) {
    KillOnlyCounters companion = impl_->kill_only->counters();
    companion_lost += companion.lost_events;
    counts.calls += companion.lost_calls;
  }
  if (impl_->fate) companion_lost += impl_->fate->lost_events();
  uint64_t companion_dropped = 0;
  for (const auto& companion : impl_->companion_readers)
    companion_dropped += companion->dropped();
  counts.events += impl_->transport == Transport::kPerfBuffer
                       ? std::max(companion_lost, companion_dropped)
                       : companion_lost + companion_dropped;
  return counts;
}

Transport Tracer::transport() const {
  return impl_->transport;
}

LoadMethod Tracer::load_method() const {
  return impl_->loaded.method();
}

size_t Tracer::call_slots() const {
  int map = impl_->loaded.map_fd(impl_->skel->maps.values);
  size_t count = 0;
  __u32 key = 0;
  bool first = true;
  while (bpf_map_get_next_key(map, first ? nullptr : &key, &key) == 0) {
    first = false;
    ++count;
  }
  return count;
}

CallSlotLayout Tracer::call_slot_layout() const {
  return impl_->slot_layout;
}

const std::string& Tracer::target_resolution_problem() const {
  return impl_->target_problem;
}

}  // namespace sigtrace
