#include "enrich/kernel_symbols.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>

#include "common/helper_thread.h"
#include "common/unique_fd.h"

namespace sigtrace {
namespace {

// "ffffffff81234560 T oom_kill_process\t[module]": text symbols only.
bool parse_line(std::string_view line, KernelSymbols::Symbol& symbol) {
  size_t type_at = line.find(' ');
  if (type_at == std::string_view::npos || type_at + 3 > line.size()) return false;
  char type = line[type_at + 1];
  if (type != 't' && type != 'T') return false;
  auto [end, ec] = std::from_chars(line.data(), line.data() + type_at, symbol.address, 16);
  if (ec != std::errc() || symbol.address == 0) return false;
  std::string_view name = line.substr(type_at + 3);
  symbol.name = name.substr(0, name.find_first_of(" \t"));
  return true;
}

// Complete lines of `text` are parsed and dropped; a partial last line stays.
void take_lines(std::string& text, std::vector<KernelSymbols::Symbol>& symbols) {
  size_t start = 0;
  KernelSymbols::Symbol symbol;
  for (size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
    if (parse_line(std::string_view(text).substr(start, end - start), symbol))
      symbols.push_back(symbol);
  }
  text.erase(0, start);
}

}  // namespace

std::vector<KernelSymbols::Symbol> read_text_symbols(const std::string& path,
                                                     std::stop_token stop) {
  std::vector<KernelSymbols::Symbol> symbols;
  UniqueFd file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!file.valid()) return symbols;
  std::string text;
  char chunk[65536];
  ssize_t length;
  while (!stop.stop_requested() && (length = ::read(file.get(), chunk, sizeof(chunk))) > 0) {
    text.append(chunk, static_cast<size_t>(length));
    take_lines(text, symbols);
  }
  text.push_back('\n');
  take_lines(text, symbols);
  std::sort(symbols.begin(), symbols.end(),
            [](const auto& a, const auto& b) { return a.address < b.address; });
  return symbols;
}

void KernelSymbols::load_in_background() {
  if (loaded_ || loader_.joinable()) return;
  loader_ = std::jthread([this](std::stop_token stop) {
    block_signals_in_this_thread();
    // Per thread on Linux: the events on the main thread go first.
    setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 19);
    symbols_ = read_text_symbols(path_, stop);
  });
}

void KernelSymbols::wait_until_loaded() {
  if (loaded_) return;
  if (loader_.joinable()) {
    loader_.join();
  } else {
    symbols_ = read_text_symbols(path_);
  }
  loaded_ = true;
}

std::string_view KernelSymbols::function_at(uint64_t address) {
  wait_until_loaded();
  auto after = std::upper_bound(symbols_.begin(), symbols_.end(), address,
                                [](uint64_t a, const Symbol& s) { return a < s.address; });
  if (after == symbols_.begin()) return {};
  return std::prev(after)->name;
}

}  // namespace sigtrace
