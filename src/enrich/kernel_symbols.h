// Kernel function names by address, from /proc/kallsyms. Only the rare
// events that carry a kernel stack need them, but the file is large and
// slow to read (the kernel takes ~70 ms to write it): it is read on a
// thread of its own at start, so that the first such event does not stall
// the events behind it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace sigtrace {

class KernelSymbols {
 public:
  explicit KernelSymbols(std::string path = "/proc/kallsyms") : path_(std::move(path)) {}
  KernelSymbols(const KernelSymbols&) = delete;
  KernelSymbols& operator=(const KernelSymbols&) = delete;
  // A read still under way stops at its next chunk.
  ~KernelSymbols() = default;

  // Starts reading the file now, at a low priority, beside the caller.
  void load_in_background();
  // The function the address is in; empty when unknown (or when the kernel
  // hides addresses: kptr_restrict). Waits for a read still under way.
  std::string_view function_at(uint64_t address);

  struct Symbol {
    uint64_t address;
    std::string name;
  };

 private:
  void wait_until_loaded();

  std::string path_;
  bool loaded_ = false;
  std::vector<Symbol> symbols_;  // text symbols, by address
  std::jthread loader_;          // writes symbols_ until joined
};

// The text symbols of a kallsyms file, by address; reading stops early
// when `stop` is requested.
std::vector<KernelSymbols::Symbol> read_text_symbols(const std::string& path,
                                                     std::stop_token stop = {});

}  // namespace sigtrace
