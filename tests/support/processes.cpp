#include "processes.h"

#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <stdexcept>

namespace sigtrace::testing {
namespace {

void do_nothing(int) {}

void set_dispositions(const TargetSetup& setup) {
  struct sigaction action {};
  sigemptyset(&action.sa_mask);
  action.sa_handler = do_nothing;
  for (int sig : setup.handled)
    sigaction(sig, &action, nullptr);
  action.sa_handler = SIG_IGN;
  for (int sig : setup.ignored)
    sigaction(sig, &action, nullptr);
  sigset_t mask;
  sigemptyset(&mask);
  for (int sig : setup.blocked)
    sigaddset(&mask, sig);
  sigprocmask(SIG_BLOCK, &mask, nullptr);
}

bool set_ids(uid_t uid, gid_t gid) {
  if (gid != 0 && setresgid(gid, gid, gid) != 0) return false;
  if (uid != 0 && setresuid(uid, uid, uid) != 0) return false;
  return true;
}

struct NamedThread {
  std::string name;
  std::atomic<pid_t> tid{0};
};

void* run_named_thread(void* arg) {
  auto* thread = static_cast<NamedThread*>(arg);
  set_comm(thread->name);
  thread->tid.store(gettid_now());
  pause_forever();
}

// Starts the thread and returns its tid once it has named itself.
pid_t start_named_thread(const std::string& name) {
  static NamedThread thread;
  thread.name = name;
  pthread_t handle;
  if (pthread_create(&handle, nullptr, run_named_thread, &thread) != 0) return -1;
  while (thread.tid.load() == 0)
    sched_yield();
  return thread.tid.load();
}

}  // namespace

Child spawn_target(const TargetSetup& setup, pid_t* thread_tid) {
  Child target = Child::spawn(
      [setup](Child& self) {
        if (setup.lead_group) setpgid(0, 0);
        if (setup.join_group) setpgid(0, setup.join_group);
        if (setup.own_mount_namespace && unshare(CLONE_NEWNS) != 0) return 102;
        set_dispositions(setup);
        set_comm(setup.name);
        if (!set_ids(setup.uid, setup.gid)) return 101;
        pid_t tid = setup.thread_name.empty() ? 0 : start_named_thread(setup.thread_name);
        self.send(tid);  // ready
        pause_forever();
      },
      false);
  pid_t tid = static_cast<pid_t>(target.receive());
  if (thread_tid) *thread_tid = tid;
  return target;
}

Child spawn_sender(const SenderSetup& setup, std::function<int()> action) {
  Child sender = Child::spawn(
      [setup, action](Child& self) {
        set_comm(setup.name);
        if (setup.own_mount_namespace && unshare(CLONE_NEWNS) != 0) return 102;
        if (!set_ids(setup.uid, setup.gid)) return 101;
        self.send(0);  // ready
        self.wait_for_go();
        return action();
      },
      false);
  sender.receive();
  return sender;
}

int run_sender(Child& sender) {
  sender.go();
  int status = sender.wait();
  if (!WIFEXITED(status)) throw std::runtime_error("the sender did not exit normally");
  return WEXITSTATUS(status);
}

int errno_of(long result) {
  return result == -1 ? errno : 0;
}

// A null store would be caught by UBSan before it faults; a pointer to a
// page that is gone is a plain store to the compiler and a fault to the CPU.
__attribute__((no_sanitize("address", "undefined"))) int fault_on_unmapped_page() {
  signal(SIGSEGV, SIG_DFL);
  auto page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  void* mapping = mmap(nullptr, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  munmap(mapping, page);
  *static_cast<volatile int*>(mapping) = 1;
  return 0;
}

int end_with_a_thread_outliving_main() {
  pthread_t last;
  auto outlive_main = [](void*) -> void* {
    usleep(20 * 1000);
    syscall(SYS_exit, 0);  // this thread only: the process ends with it
    return nullptr;
  };
  if (pthread_create(&last, nullptr, outlive_main, nullptr) != 0) return errno;
  // Not pthread_exit(): its unwinding would meet the test harness's frames.
  syscall(SYS_exit, 0);
  return -1;  // not reached
}

}  // namespace sigtrace::testing
