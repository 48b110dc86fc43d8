// Where a few kernel functions are (the OOM killer's), from /proc/kallsyms:
// to tell from a kernel stack whether they sent a signal. Only the rare
// events that carry a stack need them, but the file is large and slow to
// read (the kernel takes ~70 ms to write it): it is read on a thread of its
// own at start, so that the first such event does not stall the events
// behind it, and only the functions asked for are kept.
#pragma once

#include <cstdint>
#include <string>
#include <thread>
#include <vector>

namespace sigtrace {

struct FunctionRange {
  uint64_t start = 0;
  uint64_t end = 0;  // the next text symbol's address
};

// The ranges of the text symbols named `names` in a kallsyms file; reading
// stops early when `stop` is requested.
std::vector<FunctionRange> read_function_ranges(const std::string& path,
                                                const std::vector<std::string>& names,
                                                std::stop_token stop = {});

class KernelFunctions {
 public:
  explicit KernelFunctions(std::vector<std::string> names, std::string path = "/proc/kallsyms")
      : names_(std::move(names)), path_(std::move(path)) {}
  KernelFunctions(const KernelFunctions&) = delete;
  KernelFunctions& operator=(const KernelFunctions&) = delete;
  // A read still under way stops at its next chunk (std::jthread's stop).
  ~KernelFunctions() = default;

  // Starts reading the file now, at a low priority, beside the caller.
  void load_in_background();
  // Whether the address is in one of the functions; false when the kernel
  // hides addresses (kptr_restrict). Waits for a read still under way.
  bool contain(uint64_t address);

 private:
  void wait_until_loaded();

  std::vector<std::string> names_;
  std::string path_;
  bool loaded_ = false;
  std::vector<FunctionRange> ranges_;
  std::jthread loader_;  // writes ranges_ until joined
};

}  // namespace sigtrace
