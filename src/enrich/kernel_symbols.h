// Kernel function names by address, from /proc/kallsyms, read the first
// time an address is asked about (only the rare events that carry a kernel
// stack need it: the file is large and slow to read).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sigtrace {

class KernelSymbols {
 public:
  explicit KernelSymbols(std::string path = "/proc/kallsyms") : path_(std::move(path)) {}

  // The function the address is in; empty when unknown (or when the kernel
  // hides addresses: kptr_restrict).
  std::string_view function_at(uint64_t address);

 private:
  struct Symbol {
    uint64_t address;
    std::string name;
  };
  void load();

  std::string path_;
  bool loaded_ = false;
  std::vector<Symbol> symbols_;  // text symbols, by address
};

}  // namespace sigtrace
