#include "enrich/kernel_functions.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <string_view>

#include "common/helper_thread.h"
#include "common/unique_fd.h"

namespace sigtrace {
namespace {

// What a read keeps: every text symbol's address (to find where each
// function ends), and where the functions asked for start.
struct Reading {
  const std::vector<std::string>& names;
  std::vector<uint64_t> addresses;
  std::vector<uint64_t> starts;
};

// "ffffffff81234560 T oom_kill_process\t[module]": text symbols only.
void take_line(std::string_view line, Reading& reading) {
  size_t type_at = line.find(' ');
  if (type_at == std::string_view::npos || type_at + 3 > line.size()) return;
  char type = line[type_at + 1];
  if (type != 't' && type != 'T') return;
  uint64_t address = 0;
  auto [end, ec] = std::from_chars(line.data(), line.data() + type_at, address, 16);
  if (ec != std::errc() || address == 0) return;
  reading.addresses.push_back(address);
  std::string_view name = line.substr(type_at + 3);
  name = name.substr(0, name.find_first_of(" \t"));
  if (std::find(reading.names.begin(), reading.names.end(), name) != reading.names.end())
    reading.starts.push_back(address);
}

// Complete lines of `text` are taken and dropped; a partial last line stays.
void take_lines(std::string& text, Reading& reading) {
  size_t start = 0;
  for (size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1)
    take_line(std::string_view(text).substr(start, end - start), reading);
  text.erase(0, start);
}

}  // namespace

std::vector<FunctionRange> read_function_ranges(const std::string& path,
                                                const std::vector<std::string>& names,
                                                std::stop_token stop) {
  Reading reading{names, {}, {}};
  UniqueFd file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!file.valid()) return {};
  reading.addresses.reserve(1 << 17);  // a kernel's text symbols, modules' included
  std::string text;
  char chunk[65536];
  ssize_t length;
  while (!stop.stop_requested() && (length = ::read(file.get(), chunk, sizeof(chunk))) > 0) {
    text.append(chunk, static_cast<size_t>(length));
    take_lines(text, reading);
  }
  text.push_back('\n');
  take_lines(text, reading);
  std::sort(reading.addresses.begin(), reading.addresses.end());
  std::vector<FunctionRange> ranges;
  for (uint64_t start : reading.starts) {
    auto next = std::upper_bound(reading.addresses.begin(), reading.addresses.end(), start);
    ranges.push_back({start, next == reading.addresses.end() ? UINT64_MAX : *next});
  }
  return ranges;
}

void KernelFunctions::load_in_background() {
  if (loaded_ || loader_.joinable()) return;
  loader_ = std::jthread([this](std::stop_token stop) {
    block_signals_in_this_thread();
    // Per thread on Linux: the events on the main thread go first.
    setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 19);
    ranges_ = read_function_ranges(path_, names_, stop);
  });
}

void KernelFunctions::wait_until_loaded() {
  if (loaded_) return;
  if (loader_.joinable()) {
    loader_.join();
  } else {
    ranges_ = read_function_ranges(path_, names_);
  }
  loaded_ = true;
}

bool KernelFunctions::contain(uint64_t address) {
  wait_until_loaded();
  return std::any_of(ranges_.begin(), ranges_.end(), [&](const FunctionRange& range) {
    return address >= range.start && address < range.end;
  });
}

}  // namespace sigtrace
