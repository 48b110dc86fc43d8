#include "output/output_stream.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/error.h"

namespace sigtrace {

OutputStream::OutputStream(int fd, size_t flush_threshold)
    : fd_(fd), flush_threshold_(flush_threshold) {
  buffer_.reserve(flush_threshold_ * 2);
}

void OutputStream::flush() {
  size_t written = 0;
  while (written < buffer_.size() && !closed_) {
    ssize_t n = ::write(fd_, buffer_.data() + written, buffer_.size() - written);
    if (n >= 0) {
      written += static_cast<size_t>(n);
    } else if (errno == EPIPE) {
      closed_ = true;
    } else if (errno == EAGAIN) {
      pollfd writable{fd_, POLLOUT, 0};
      ::poll(&writable, 1, -1);
    } else if (errno != EINTR) {
      throw Error(ExitStatus::kRuntime,
                  std::string("cannot write output: ") + std::strerror(errno));
    }
  }
  buffer_.clear();
}

}  // namespace sigtrace
