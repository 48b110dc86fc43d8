// A stream socket to a local daemon (an Engine API, containerd), used with
// one deadline for the whole exchange: a daemon slow to answer must not
// stall the events.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "common/unique_fd.h"

namespace sigtrace {

using SocketClock = std::chrono::steady_clock;

// A non-blocking socket connected (or connecting) to `socket_path`;
// invalid when that failed at once.
UniqueFd connect_unix(const std::string& socket_path);
// Until `fd` is ready for `events` (POLLIN, POLLOUT); false at the deadline.
bool wait_for(int fd, short events, SocketClock::time_point deadline);
// All of `bytes`, or false at the deadline or on an error.
bool send_all(int fd, std::string_view bytes, SocketClock::time_point deadline);

}  // namespace sigtrace
