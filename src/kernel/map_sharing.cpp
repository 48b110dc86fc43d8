#include "kernel/map_sharing.h"

#include <bpf/bpf.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "common/helper_thread.h"

namespace sigtrace {
namespace {

// errors_ before the update returns.
constexpr int kPending = -1;
constexpr std::chrono::microseconds kPoll{100};
constexpr std::chrono::seconds kPatience{5};

}  // namespace

MapSharing::MapSharing(const std::vector<MapShare>& shares)
    : shares_(shares), errors_(shares.size()) {
  for (auto& error : errors_)
    error = kPending;
  try {
    start_threads();
  } catch (...) {
    finish();  // the threads started: a thread destroyed unjoined ends the process
    throw;
  }
}

void MapSharing::start_threads() {
  for (size_t i = 0; i < shares_.size(); ++i) {
    threads_.emplace_back([this, i] {
      block_signals_in_this_thread();
      const __u32 slot = 0;
      int inner = shares_[i].inner_fd;
      errors_[i] = bpf_map_update_elem(shares_[i].outer_fd, &slot, &inner, BPF_ANY) ? errno : 0;
    });
  }
}

MapSharing::~MapSharing() {
  finish();
}

bool MapSharing::filled(size_t index) const {
  const __u32 slot = 0;
  __u32 inner_id = 0;
  return bpf_map_lookup_elem(shares_[index].outer_fd, &slot, &inner_id) == 0;
}

std::vector<std::string> MapSharing::wait_filled() {
  std::vector<std::string> problems(shares_.size());
  auto give_up_at = std::chrono::steady_clock::now() + kPatience;
  for (size_t i = 0; i < shares_.size(); ++i) {
    while (errors_[i] == kPending && !filled(i) && std::chrono::steady_clock::now() < give_up_at)
      std::this_thread::sleep_for(kPoll);
    int error = errors_[i];
    if (error != kPending && error != 0) {
      problems[i] = "sharing " + shares_[i].what + ": " + std::strerror(error);
    } else if (error == kPending && !filled(i)) {
      problems[i] = "sharing " + shares_[i].what + ": the kernel did not take it";
    }
  }
  return problems;
}

void MapSharing::finish() {
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
}

}  // namespace sigtrace
