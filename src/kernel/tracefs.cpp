#include "kernel/tracefs.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <optional>

#include "common/error.h"
#include "common/unique_fd.h"

namespace sigtrace {
namespace {

constexpr long kTracefsMagic = 0x74726163;
constexpr const char* kTracefsDir = "/sys/kernel/tracing";
constexpr std::array<const char*, 2> kKnownMounts = {kTracefsDir, "/sys/kernel/debug/tracing"};

// Only system calls here: the helper child runs this after a fork of a
// process that may have other threads.
int read_id(const char* path) {
  int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -errno;
  char text[32];
  ssize_t n = ::read(fd, text, sizeof(text) - 1);
  int saved = errno;
  ::close(fd);
  if (n <= 0) return n < 0 ? -saved : -EINVAL;
  int id = 0;
  auto [end, ec] = std::from_chars(text, text + n, id);
  if (ec != std::errc() || id < 0) return -EINVAL;
  return id;
}

std::vector<std::string> id_paths(const std::string& root,
                                  const std::vector<TracepointName>& names) {
  std::vector<std::string> paths;
  for (const auto& name : names) {
    paths.push_back(root + "/events/" + name.category + "/" + name.event + "/id");
  }
  return paths;
}

bool is_tracefs(const char* dir) {
  struct statfs fs {};
  return ::statfs(dir, &fs) == 0 && fs.f_type == kTracefsMagic;
}

// Turns per-tracepoint results (id or -errno) into ids, or the error to throw.
std::vector<int> ids_or_throw(const std::vector<int>& results,
                              const std::vector<TracepointName>& names) {
  for (size_t i = 0; i < results.size(); ++i) {
    int result = results[i];
    if (result >= 0) continue;
    if (result == -ENOENT) {
      throw Error(ExitStatus::kUnsupportedKernel,
                  "this kernel has no tracepoint " + names[i].full() +
                      (names[i].category == "syscalls"
                           ? " (it was built without CONFIG_FTRACE_SYSCALLS); run without -k"
                           : ""));
    }
    throw Error(ExitStatus::kAttach,
                "cannot read the id of tracepoint " + names[i].full() + ": " +
                    std::strerror(-result) +
                    (result == -EACCES ? " (tracefs is root's: run as root, or add "
                                         "CAP_DAC_READ_SEARCH)"
                                       : ""));
  }
  return results;
}

std::vector<int> read_ids(const std::vector<std::string>& paths) {
  std::vector<int> ids;
  for (const auto& path : paths)
    ids.push_back(read_id(path.c_str()));
  return ids;
}

// Child side: a private mount namespace, tracefs mounted in it, ids written
// to the pipe as ints: first a setup status (0 or -errno), then one per path.
[[noreturn]] void helper_child(int out_fd, const std::vector<const char*>& paths) {
  int status = 0;
  if (::unshare(CLONE_NEWNS) != 0 ||
      ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
      ::mount("tracefs", kTracefsDir, "tracefs", 0, nullptr) != 0) {
    status = -errno;
  }
  (void)!::write(out_fd, &status, sizeof(status));
  for (const char* path : paths) {
    int id = status == 0 ? read_id(path) : status;
    (void)!::write(out_fd, &id, sizeof(id));
  }
  ::_exit(0);
}

// fork() with no exit signal: the child's end sends its parent no SIGCHLD.
// The helper is forked on a thread that blocks every signal, so its SIGCHLD
// would not be ignored but left pending for the process, where the thread
// loading trace_signal meanwhile would see it: the verifier then gives up
// with EAGAIN, and the whole loader runs again (5 ms of -k's start here).
// The raw system call skips glibc's fork bookkeeping: the child makes
// system calls only (helper_child).
pid_t fork_without_exit_signal() {
  return static_cast<pid_t>(::syscall(SYS_clone, 0UL, nullptr, nullptr, nullptr, 0UL));
}

std::vector<int> read_ids_in_private_mount(const std::vector<std::string>& paths) {
  std::vector<const char*> c_paths;
  for (const auto& path : paths)
    c_paths.push_back(path.c_str());

  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    throw Error(ExitStatus::kAttach, std::string("pipe: ") + std::strerror(errno));
  }
  UniqueFd read_end(pipe_fds[0]);
  UniqueFd write_end(pipe_fds[1]);
  pid_t child = fork_without_exit_signal();
  if (child < 0) throw Error(ExitStatus::kAttach, std::string("clone: ") + std::strerror(errno));
  if (child == 0) helper_child(write_end.get(), c_paths);
  write_end.reset();

  std::vector<int> words(paths.size() + 1, -EIO);
  size_t want = words.size() * sizeof(int);
  size_t got = 0;
  auto* bytes = reinterpret_cast<char*>(words.data());
  while (got < want) {
    ssize_t n = ::read(read_end.get(), bytes + got, want - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<size_t>(n);
  }
  int wstatus = 0;
  // __WALL: a child without an exit signal is a "clone" child to waitpid().
  while (::waitpid(child, &wstatus, __WALL) < 0 && errno == EINTR) {
  }
  if (got < want) throw Error(ExitStatus::kAttach, "the tracefs helper process failed");
  if (words[0] != 0) {
    throw Error(ExitStatus::kAttach,
                std::string("tracefs is not mounted and sigtrace could not mount it (") +
                    std::strerror(-words[0]) +
                    "): run as root, add CAP_SYS_ADMIN, or mount it: mount -t tracefs nodev " +
                    kTracefsDir);
  }
  return {words.begin() + 1, words.end()};
}

}  // namespace

std::vector<int> tracepoint_ids(const std::vector<TracepointName>& names) {
  for (const char* root : kKnownMounts) {
    if (is_tracefs(root)) return ids_or_throw(read_ids(id_paths(root, names)), names);
  }
  return ids_or_throw(read_ids_in_private_mount(id_paths(kTracefsDir, names)), names);
}

}  // namespace sigtrace
