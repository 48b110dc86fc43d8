#include "child.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <utility>

#include "enrich/containers/cgroup_by_id.h"

namespace sigtrace::testing {
namespace {

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

bool read_exact(int fd, void* data, size_t size, int timeout_ms) {
  auto* bytes = static_cast<char*>(data);
  size_t got = 0;
  while (got < size) {
    pollfd readable{fd, POLLIN, 0};
    int ready = ::poll(&readable, 1, timeout_ms);
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return false;
    ssize_t n = ::read(fd, bytes + got, size - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    got += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

Child Child::spawn(std::function<int(Child&)> body, bool gated) {
  int down[2];
  int up[2];
  if (::pipe2(down, O_CLOEXEC) != 0 || ::pipe2(up, O_CLOEXEC) != 0) {
    throw std::runtime_error("pipe failed");
  }
  Child child;
  child.pid_ = ::fork();
  if (child.pid_ < 0) throw std::runtime_error("fork failed");
  if (child.pid_ == 0) {
    ::close(down[1]);
    ::close(up[0]);
    child.child_read_ = down[0];
    child.child_write_ = up[1];
    // Die with the test, never outlive it.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (gated) child.wait_for_go();
    ::_exit(body(child));
  }
  ::close(down[0]);
  ::close(up[1]);
  child.to_child_ = down[1];
  child.from_child_ = up[0];
  return child;
}

Child::Child(Child&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      to_child_(std::exchange(other.to_child_, -1)),
      from_child_(std::exchange(other.from_child_, -1)),
      child_read_(std::exchange(other.child_read_, -1)),
      child_write_(std::exchange(other.child_write_, -1)),
      reaped_(std::exchange(other.reaped_, true)) {}

Child::~Child() {
  if (pid_ > 0 && !reaped_) {
    ::kill(pid_, SIGKILL);
    wait();
  }
  close_fd(to_child_);
  close_fd(from_child_);
}

void Child::wait_for_go() {
  char go = 0;
  if (!read_exact(child_read_, &go, 1, -1)) ::_exit(120);
}

void Child::go() {
  char go = 1;
  if (::write(to_child_, &go, 1) != 1) throw std::runtime_error("cannot release the child");
}

int Child::wait() {
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0) {
    if (errno != EINTR) throw std::runtime_error("waitpid failed");
  }
  reaped_ = true;
  return status;
}

void Child::send(int64_t value) {
  if (::write(child_write_, &value, sizeof(value)) != sizeof(value)) ::_exit(121);
}

int64_t Child::receive() {
  int64_t value = 0;
  if (!read_exact(from_child_, &value, sizeof(value), 10000)) {
    throw std::runtime_error("child " + std::to_string(pid_) + " sent nothing");
  }
  return value;
}

void set_comm(const std::string& name) {
  ::prctl(PR_SET_NAME, name.c_str());
}

void pause_forever() {
  while (true)
    ::pause();
}

std::string own_comm() {
  return comm_of(::getpid());
}

std::string comm_of(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/comm");
  std::string comm;
  std::getline(in, comm);
  return comm;
}

uint64_t namespace_id(pid_t pid, const char* kind) {
  struct stat st {};
  std::string path = "/proc/" + std::to_string(pid) + "/ns/" + kind;
  if (::stat(path.c_str(), &st) != 0) throw std::runtime_error("cannot stat " + path);
  return st.st_ino;
}

std::string cgroup2_root() {
  std::ifstream in("/proc/self/mountinfo");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return cgroup2_mount_point(text);
}

uint64_t cgroup_id(pid_t pid) {
  constexpr uint64_t kRoot = 1;
  std::string root = cgroup2_root();
  if (root.empty()) return kRoot;
  std::ifstream in("/proc/" + std::to_string(pid) + "/cgroup");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("0::", 0) != 0) continue;
    struct stat st {};
    std::string path = root + line.substr(3);
    if (::stat(path.c_str(), &st) != 0) throw std::runtime_error("cannot stat " + path);
    return st.st_ino;
  }
  throw std::runtime_error("no unified cgroup for pid " + std::to_string(pid));
}

char process_state(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  size_t paren = stat.rfind(')');
  return paren == std::string::npos || paren + 2 >= stat.size() ? 0 : stat[paren + 2];
}

bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds within) {
  auto deadline = std::chrono::steady_clock::now() + within;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    ::usleep(1000);
  }
  return true;
}

bool wait_for_state(pid_t pid, char state, std::chrono::milliseconds within) {
  return wait_until([&] { return process_state(pid) == state; }, within);
}

pid_t gettid_now() {
  return static_cast<pid_t>(::syscall(SYS_gettid));
}

pid_t unused_pid() {
  Child child = Child::spawn([](Child&) { return 0; }, false);
  pid_t pid = child.pid();
  child.wait();
  return pid;
}

}  // namespace sigtrace::testing
