#include "enrich/kernel_symbols.h"

#include <algorithm>
#include <charconv>
#include <fstream>

namespace sigtrace {
namespace {

// "ffffffff81234560 T oom_kill_process": text symbols only.
bool parse_line(const std::string& line, uint64_t& address, std::string& name) {
  size_t type_at = line.find(' ');
  if (type_at == std::string::npos || type_at + 3 > line.size()) return false;
  char type = line[type_at + 1];
  if (type != 't' && type != 'T') return false;
  auto [end, ec] = std::from_chars(line.data(), line.data() + type_at, address, 16);
  if (ec != std::errc() || address == 0) return false;
  size_t name_end = line.find_first_of(" \t", type_at + 3);
  name =
      line.substr(type_at + 3, name_end == std::string::npos ? name_end : name_end - type_at - 3);
  return true;
}

}  // namespace

void KernelSymbols::load() {
  loaded_ = true;
  std::ifstream in(path_);
  uint64_t address = 0;
  std::string name;
  for (std::string line; std::getline(in, line);) {
    if (parse_line(line, address, name)) symbols_.push_back({address, name});
  }
  std::sort(symbols_.begin(), symbols_.end(),
            [](const Symbol& a, const Symbol& b) { return a.address < b.address; });
}

std::string_view KernelSymbols::function_at(uint64_t address) {
  if (!loaded_) load();
  auto after = std::upper_bound(symbols_.begin(), symbols_.end(), address,
                                [](uint64_t a, const Symbol& s) { return a < s.address; });
  if (after == symbols_.begin()) return {};
  return std::prev(after)->name;
}

}  // namespace sigtrace
