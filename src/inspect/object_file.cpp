#include "inspect/object_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/unique_fd.h"
#include "inspect/object_error.h"

namespace sigtrace::inspect {
namespace {

// BPF objects are kilobytes to a few megabytes; this bounds memory use.
constexpr off_t kMaxObjectSize = off_t{256} << 20;

[[noreturn]] void system_error(const char* what) {
  throw_bad_object(std::string(what) + ": " + std::strerror(errno));
}

}  // namespace

std::vector<uint8_t> read_object_file(const std::string& path) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below.
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY));
  if (!fd.valid()) system_error("cannot open");
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) system_error("cannot stat");
  if (S_ISDIR(info.st_mode)) throw_bad_object("is a directory, not a BPF object file");
  if (!S_ISREG(info.st_mode)) throw_bad_object("not a regular file");
  if (info.st_size > kMaxObjectSize) throw_bad_object("too large to be a BPF object file");
  std::vector<uint8_t> bytes(static_cast<size_t>(info.st_size));
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::read(fd.get(), bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) system_error("cannot read");
    if (n == 0) break;  // the file shrank while being read
    done += static_cast<size_t>(n);
  }
  bytes.resize(done);
  return bytes;
}

}  // namespace sigtrace::inspect
