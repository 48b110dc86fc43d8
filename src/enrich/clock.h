// Event timestamps (CLOCK_BOOTTIME, from bpf_ktime_get_boot_ns) to wall time.
#pragma once

#include <cstdint>

namespace sigtrace {

class BootClock {
 public:
  // Takes the offset between the two clocks now.
  BootClock();
  explicit BootClock(uint64_t offset_ns) : offset_ns_(offset_ns) {}
  uint64_t to_wall_ns(uint64_t boot_ns) const { return boot_ns + offset_ns_; }
  static uint64_t now_boot_ns();

 private:
  uint64_t offset_ns_;
};

}  // namespace sigtrace
