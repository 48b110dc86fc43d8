// Handing a map of one object to another: into slot 0 of the other's outer
// map (BPF_MAP_TYPE_ARRAY_OF_MAPS). Each such update returns only after an
// RCU grace period (the kernel waits for the programs that may still see
// the old slot), 15 ms on a small VM, though the slot is filled at once:
// the updates run on threads of their own, and the caller goes on as soon
// as every slot holds its map.
#pragma once

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace sigtrace {

struct MapShare {
  int outer_fd;
  int inner_fd;
  std::string what;  // for the error: "values", "the ring buffer"
};

class MapSharing {
 public:
  explicit MapSharing(const std::vector<MapShare>& shares);
  ~MapSharing();  // waits, if finish() was not called
  MapSharing(const MapSharing&) = delete;
  MapSharing& operator=(const MapSharing&) = delete;

  // Waits until every slot holds its map (the updates' grace periods may
  // still run); returns, per share, an error message (empty: done).
  std::vector<std::string> wait_filled();
  // Waits for the updates to return.
  void finish();

 private:
  void start_threads();
  bool filled(size_t index) const;

  std::vector<MapShare> shares_;
  std::vector<std::atomic<int>> errors_;  // kPending until the update returns
  std::vector<std::thread> threads_;
};

}  // namespace sigtrace
