#include "kernel/object_loading.h"

// skel_internal.h, libbpf's header for running loader programs, uses errno
// and memset without including their headers.
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include <bpf/skel_internal.h>

#include "kernel/kernel_version.h"
#include "kernel/libbpf_log.h"

namespace sigtrace {
namespace {

// Loader programs (BPF_PROG_TYPE_SYSCALL, 5.14) and CO-RE relocations done
// by the kernel itself (5.17).
constexpr KernelVersion kLoaderPrograms{5, 17};

constexpr size_t kVerifierLogBytes = 16 << 20;

size_t count_maps(bpf_object* object) {
  size_t count = 0;
  bpf_map* map;
  bpf_object__for_each_map(map, object) {
    ++count;
  }
  return count;
}

std::vector<bpf_program*> loaded_programs(bpf_object* object) {
  std::vector<bpf_program*> programs;
  bpf_program* program;
  bpf_object__for_each_program(program, object) {
    if (bpf_program__autoload(program)) programs.push_back(program);
  }
  return programs;
}

// The loader's context: a header, then what it reports for each map (all of
// them) and each program it loaded, in the object's order.
class LoaderContext {
 public:
  LoaderContext(size_t maps, size_t programs)
      : maps_(maps),
        programs_(programs),
        bytes_(
            sizeof(bpf_loader_ctx) + maps * sizeof(bpf_map_desc) + programs * sizeof(bpf_prog_desc),
            0) {
    header()->sz = static_cast<__u32>(bytes_.size());
  }
  bpf_loader_ctx* header() { return reinterpret_cast<bpf_loader_ctx*>(bytes_.data()); }
  int map_fd(size_t index) const { return map_descs()[index].map_fd; }
  int program_fd(size_t index) const {
    return reinterpret_cast<const bpf_prog_desc*>(map_descs() + maps_)[index].prog_fd;
  }

 private:
  const bpf_map_desc* map_descs() const {
    return reinterpret_cast<const bpf_map_desc*>(bytes_.data() + sizeof(bpf_loader_ctx));
  }

  size_t maps_;
  size_t programs_;
  // 8-byte words: the descriptors hold 64-bit fields.
  std::vector<unsigned char> bytes_;
};

// The verifier gives up with EAGAIN when a signal arrives while it works
// (a SIGWINCH, a child's exit): run the loader again, as libbpf retries its
// own loads.
int run_loader(bpf_load_and_run_opts& run) {
  constexpr int kAttempts = 5;
  int err = 0;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    run.errstr = nullptr;
    err = bpf_load_and_run(&run);
    if (!err || errno != EAGAIN) break;
    verbose_note("a signal interrupted the verifier: running the loader again");
  }
  return err;
}

}  // namespace

bool kernel_runs_loader_programs() {
  auto version = running_kernel_version();
  return version && !(*version < kLoaderPrograms);
}

int LoadedObject::load(bpf_object* object, LoadMethod method, std::string& problem) {
  object_ = object;
  method_ = method;
  if (method == LoadMethod::kGenerated) return load_generated(problem);
  int err = bpf_object__load(object);
  if (err) problem = std::strerror(-err);
  return err;
}

int LoadedObject::load_generated(std::string& problem) {
  gen_loader_opts options{};
  options.sz = sizeof(options);
  int err = bpf_object__gen_loader(object_, &options);
  // "Loading" now writes the loader program, and touches no kernel state.
  if (!err) err = bpf_object__load(object_);
  if (err) {
    problem = std::string("cannot write a loader program: ") + std::strerror(-err);
    return err;
  }
  size_t maps = count_maps(object_);
  size_t programs = loaded_programs(object_).size();
  LoaderContext context(maps, programs);
  // The verifier's words for --verbose: libbpf cannot print them, the
  // kernel loads the programs.
  std::vector<char> verifier_log(verbose_enabled() ? kVerifierLogBytes : 0);
  if (!verifier_log.empty()) {
    context.header()->log_level = 1;
    context.header()->log_size = static_cast<__u32>(verifier_log.size());
    context.header()->log_buf = reinterpret_cast<uintptr_t>(verifier_log.data());
  }
  bpf_load_and_run_opts run{};
  run.ctx = context.header();
  run.data = options.data;
  run.insns = options.insns;
  run.data_sz = options.data_sz;
  run.insns_sz = options.insns_sz;
  err = run_loader(run);
  if (err) {
    if (!verifier_log.empty())
      verbose_note(std::string("the verifier said:\n") + verifier_log.data());
    problem = std::string(run.errstr ? run.errstr : "loader program failed") + ": " +
              std::strerror(errno);
    return err < 0 ? err : -errno;
  }
  for (size_t i = 0; i < maps; ++i)
    map_fds_.emplace_back(context.map_fd(i));
  for (size_t i = 0; i < programs; ++i)
    program_fds_.emplace_back(context.program_fd(i));
  return 0;
}

int LoadedObject::index_of(const bpf_map* wanted) const {
  int index = 0;
  bpf_map* map;
  bpf_object__for_each_map(map, object_) {
    if (map == wanted) return index;
    ++index;
  }
  return -1;
}

int LoadedObject::index_of(const bpf_program* wanted) const {
  auto programs = loaded_programs(object_);
  for (size_t i = 0; i < programs.size(); ++i) {
    if (programs[i] == wanted) return static_cast<int>(i);
  }
  return -1;
}

int LoadedObject::map_fd(const bpf_map* map) const {
  if (method_ == LoadMethod::kLibbpf) return bpf_map__fd(map);
  int index = index_of(map);
  return index < 0 ? -1 : map_fds_[static_cast<size_t>(index)].get();
}

int LoadedObject::program_fd(const bpf_program* program) const {
  if (method_ == LoadMethod::kLibbpf) return bpf_program__fd(program);
  int index = index_of(program);
  return index < 0 ? -1 : program_fds_[static_cast<size_t>(index)].get();
}

MappedGlobals::MappedGlobals(int map_fd, size_t size) {
  size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  length_ = (size + page - 1) / page * page;
  void* address = ::mmap(nullptr, length_, PROT_READ | PROT_WRITE, MAP_SHARED, map_fd, 0);
  address_ = address == MAP_FAILED ? nullptr : address;
}

MappedGlobals::~MappedGlobals() {
  if (address_) ::munmap(address_, length_);
}

MappedGlobals::MappedGlobals(MappedGlobals&& other) noexcept
    : address_(std::exchange(other.address_, nullptr)), length_(other.length_) {}

MappedGlobals& MappedGlobals::operator=(MappedGlobals&& other) noexcept {
  if (this != &other) {
    if (address_) ::munmap(address_, length_);
    address_ = std::exchange(other.address_, nullptr);
    length_ = other.length_;
  }
  return *this;
}

}  // namespace sigtrace
