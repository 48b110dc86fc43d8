#include "kernel/kernel_version.h"

#include <sys/utsname.h>

#include <charconv>

namespace sigtrace {

std::optional<KernelVersion> parse_kernel_release(std::string_view release) {
  KernelVersion version;
  const char* end = release.data() + release.size();
  auto [dot, ec1] = std::from_chars(release.data(), end, version.major);
  if (ec1 != std::errc() || dot == end || *dot != '.') return std::nullopt;
  auto [rest, ec2] = std::from_chars(dot + 1, end, version.minor);
  if (ec2 != std::errc()) return std::nullopt;
  return version;
}

std::optional<KernelVersion> running_kernel_version() {
  struct utsname uts {};
  if (::uname(&uts) != 0) return std::nullopt;
  return parse_kernel_release(uts.release);
}

}  // namespace sigtrace
