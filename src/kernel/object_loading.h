// Loading an opened and configured libbpf object into the kernel, one of
// two ways:
// - kGenerated: libbpf writes a loader program instead of loading, and the
//   kernel runs it: maps, programs, CO-RE relocations and BTF attach targets
//   are all resolved in the kernel, against the BTF it already holds. Needs
//   Linux 5.17. Nothing parses the kernel's 5 MB of BTF in user space, which
//   alone takes libbpf 15 ms here: this is what makes sigtrace start fast.
// - kLibbpf: the classic way, for older kernels and as the fallback.
// Either way the maps and programs are then known by file descriptor, and
// the object's own bpf_map/bpf_program handles name them.
#pragma once

#include <bpf/libbpf.h>

#include <string>
#include <vector>

#include "common/unique_fd.h"

namespace sigtrace {

enum class LoadMethod { kGenerated, kLibbpf };

// Whether the running kernel can run libbpf's loader programs.
bool kernel_runs_loader_programs();

class LoadedObject {
 public:
  LoadedObject() = default;
  // Loads `object`; returns a negative errno (and fills `problem`) when it
  // could not. The object must stay open as long as this is used.
  int load(bpf_object* object, LoadMethod method, std::string& problem);

  int map_fd(const bpf_map* map) const;
  int program_fd(const bpf_program* program) const;
  LoadMethod method() const { return method_; }

 private:
  int load_generated(std::string& problem);
  int index_of(const bpf_map* map) const;
  int index_of(const bpf_program* program) const;

  bpf_object* object_ = nullptr;
  LoadMethod method_ = LoadMethod::kLibbpf;
  // kGenerated: what the loader program created, by map index and by index
  // among the programs that were loaded.
  std::vector<UniqueFd> map_fds_;
  std::vector<UniqueFd> program_fds_;
};

// A shared mapping of a global data map (.bss) by its fd, unmapped when done:
// the programs' counters to read, and the switches user space turns.
class MappedGlobals {
 public:
  MappedGlobals() = default;
  MappedGlobals(int map_fd, size_t size);
  ~MappedGlobals();
  MappedGlobals(MappedGlobals&& other) noexcept;
  MappedGlobals& operator=(MappedGlobals&& other) noexcept;
  MappedGlobals(const MappedGlobals&) = delete;
  MappedGlobals& operator=(const MappedGlobals&) = delete;

  const void* data() const { return address_; }
  void* data() { return address_; }

 private:
  void* address_ = nullptr;
  size_t length_ = 0;
};

}  // namespace sigtrace
