#include "enrich/clock.h"

#include <time.h>

namespace sigtrace {
namespace {

uint64_t read_ns(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + static_cast<uint64_t>(ts.tv_nsec);
}

}  // namespace

BootClock::BootClock() {
  uint64_t boot = read_ns(CLOCK_BOOTTIME);
  uint64_t wall = read_ns(CLOCK_REALTIME);
  offset_ns_ = wall - boot;
}

uint64_t BootClock::now_boot_ns() {
  return read_ns(CLOCK_BOOTTIME);
}

}  // namespace sigtrace
