#include "model/syscall_names.h"

#include <algorithm>
#include <array>

namespace sigtrace {
namespace {

struct SyscallName {
  int number;
  std::string_view name;
};

// Generated from <asm/unistd_64.h> (cmake/SyscallNames.cmake), in its order.
constexpr SyscallName kSyscalls[] = {
#include "syscall_names.inc"
};

constexpr int kHighest =
    std::max_element(std::begin(kSyscalls), std::end(kSyscalls),
                     [](const SyscallName& a, const SyscallName& b) { return a.number < b.number; })
        ->number;

// By number, for one look per event.
constexpr auto kByNumber = [] {
  std::array<std::string_view, kHighest + 1> names{};
  for (const SyscallName& entry : kSyscalls)
    names[static_cast<size_t>(entry.number)] = entry.name;
  return names;
}();

}  // namespace

std::string_view syscall_name_of(int number) {
  if (number < 0 || number > kHighest) return {};
  return kByNumber[static_cast<size_t>(number)];
}

}  // namespace sigtrace
