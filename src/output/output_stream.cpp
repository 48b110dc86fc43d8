#include "output/output_stream.h"

#include <limits.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "common/error.h"

namespace sigtrace {
namespace {

// How long a reader may take nothing once sigtrace is ending.
constexpr auto kGrace = std::chrono::seconds(1);

}  // namespace

OutputStream::OutputStream(int fd, const std::atomic<int>* stop, size_t flush_threshold)
    : fd_(fd), stop_(stop), flush_threshold_(flush_threshold) {
  buffer_.reserve(flush_threshold_ * 2);
  record_ends_.reserve(flush_threshold_ / 64);
}

bool OutputStream::stopping() {
  if (!give_up_at_ && stop_ && stop_->load() != 0) give_up_at_ = Clock::now() + kGrace;
  return give_up_at_.has_value();
}

// Once ending: wait for room, but no longer than the grace period since
// the reader last took something.
bool OutputStream::wait_writable() {
  while (true) {
    auto left = std::chrono::ceil<std::chrono::milliseconds>(*give_up_at_ - Clock::now());
    if (left.count() <= 0) return false;
    pollfd writable{fd_, POLLOUT, 0};
    int ready = ::poll(&writable, 1, static_cast<int>(left.count()));
    if (ready > 0) return true;
    if (ready < 0 && errno != EINTR) return false;
  }
}

void OutputStream::discard_from(size_t offset) {
  unwritten_ += static_cast<uint64_t>(
      record_ends_.end() - std::upper_bound(record_ends_.begin(), record_ends_.end(), offset));
  closed_ = true;
  buffer_.clear();
  record_ends_.clear();
}

void OutputStream::flush() {
  size_t written = 0;
  while (written < buffer_.size() && !closed_) {
    size_t chunk = buffer_.size() - written;
    if (stopping()) {
      if (!wait_writable()) {
        gave_up_ = true;
        discard_from(written);
        break;
      }
      // Room for PIPE_BUF bytes is all that POLLOUT promises on a pipe.
      chunk = std::min<size_t>(chunk, PIPE_BUF);
    }
    // A stop signal interrupts a write blocked on a full pipe (EINTR or a
    // short count); the next round then waits with a limit.
    ssize_t n = ::write(fd_, buffer_.data() + written, chunk);
    if (n > 0) {
      written += static_cast<size_t>(n);
      if (give_up_at_) give_up_at_ = Clock::now() + kGrace;
    } else if (n < 0 && (errno == EPIPE || errno == EIO)) {
      // The reader went away: a closed pipe, or a terminal that hung up.
      discard_from(written);
    } else if (n < 0 && errno == EAGAIN) {
      pollfd writable{fd_, POLLOUT, 0};
      ::poll(&writable, 1, -1);
    } else if (n < 0 && errno != EINTR) {
      throw Error(ExitStatus::kRuntime,
                  std::string("cannot write output: ") + std::strerror(errno));
    }
  }
  buffer_.clear();
  record_ends_.clear();
}

void OutputStream::check_reader() {
  pollfd peer{fd_, 0, 0};
  // POLLERR: the read end of a pipe is closed; POLLHUP: a terminal hung up.
  if (::poll(&peer, 1, 0) > 0 && (peer.revents & (POLLERR | POLLHUP)) != 0) discard_from(0);
}

}  // namespace sigtrace
