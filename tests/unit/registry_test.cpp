// The registry over a /proc made of plain files: what a scan makes of a
// namespace whose process's cgroup reads one way, then another. A namespace's
// id is the inode of its ns/mnt file, as in the real /proc.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "enrich/containers/registry.h"

namespace sigtrace {
namespace {

const std::string kId(64, 'a');

class FakeProc {
 public:
  FakeProc() : root_(::testing::TempDir() + "registry_proc_" + std::to_string(getpid())) {
    std::filesystem::remove_all(root_);
    add_process(2, "kthreadd", 0);
  }
  ~FakeProc() { std::filesystem::remove_all(root_); }
  FakeProc(const FakeProc&) = delete;
  FakeProc& operator=(const FakeProc&) = delete;

  void add_process(pid_t pid, const std::string& comm, pid_t ppid) {
    std::string dir = root_ + "/" + std::to_string(pid);
    std::filesystem::create_directories(dir + "/ns");
    write(dir + "/comm", comm + "\n");
    write(dir + "/stat", std::to_string(pid) + " (" + comm + ") S " + std::to_string(ppid) + " 1");
    write(dir + "/ns/mnt", "");
    write(dir + "/ns/pid", "");
    write(dir + "/cgroup", "0::/\n");
  }
  // Its ns/mnt is there to stat but cannot be opened (a socket), as when
  // the process exits between the scan's look and its open.
  void make_namespace_unopenable(pid_t pid) {
    std::string path = root_ + "/" + std::to_string(pid) + "/ns/mnt";
    std::filesystem::remove(path);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    ASSERT_LT(path.size(), sizeof(address.sun_path));
    path.copy(address.sun_path, path.size());
    socket_.reset(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    ASSERT_EQ(::bind(socket_.get(), reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  }
  void set_cgroup(pid_t pid, const std::string& text) {
    write(root_ + "/" + std::to_string(pid) + "/cgroup", text);
  }
  uint64_t mntns_of(pid_t pid) const {
    struct stat st {};
    ::stat((root_ + "/" + std::to_string(pid) + "/ns/mnt").c_str(), &st);
    return st.st_ino;
  }
  const std::string& root() const { return root_; }

 private:
  static void write(const std::string& path, const std::string& text) {
    std::ofstream(path) << text;
  }
  std::string root_;
  UniqueFd socket_;
};

RuntimePaths nowhere() {
  RuntimePaths paths;
  std::string missing = ::testing::TempDir() + "registry_no_runtime";
  paths.podman_socket = paths.docker_socket = paths.containerd_socket = missing + "/sock";
  paths.podman_storage = missing + "/containers.json";
  paths.docker_containers = paths.containerd_tasks = missing;
  return paths;
}

class Registry : public ::testing::Test {
 protected:
  // A podman container's process, seen by a scan; its namespace.
  uint64_t scan_a_container(const std::string& comm) {
    proc_.add_process(100, comm, 1);
    proc_.set_cgroup(100, "0::/libpod_parent/libpod-" + kId + "\n");
    registry_.refresh(/*ask_apis=*/false);
    return proc_.mntns_of(100);
  }

  FakeProc proc_;
  ContainerRegistry registry_{nowhere(), proc_.root()};
};

TEST_F(Registry, ACgroupThatCannotBeReadKeepsTheContainersName) {
  uint64_t mntns = scan_a_container("runc:[2:INIT]");
  ASSERT_NE(registry_.by_mntns(mntns), nullptr);
  EXPECT_EQ(registry_.by_mntns(mntns)->id, kId);
  uint64_t generation = registry_.generation();

  // The process is in the middle of its exec: its cgroup reads as nothing.
  proc_.set_cgroup(100, "");
  registry_.refresh(/*ask_apis=*/false);
  ASSERT_NE(registry_.by_mntns(mntns), nullptr);
  EXPECT_EQ(registry_.by_mntns(mntns)->id, kId);
  EXPECT_EQ(registry_.by_mntns(mntns)->runtime, "podman");
  EXPECT_EQ(registry_.settled().size(), 1u);
  EXPECT_EQ(registry_.generation(), generation);
}

TEST_F(Registry, ACgroupThatReadsAsNoContainersMakesTheNamespaceAnonymous) {
  uint64_t mntns = scan_a_container("sh");
  // Read, and no container's: the id went to a namespace of someone else.
  proc_.set_cgroup(100, "0::/user.slice\n");
  registry_.refresh(/*ask_apis=*/false);
  ASSERT_NE(registry_.by_mntns(mntns), nullptr);
  EXPECT_TRUE(registry_.by_mntns(mntns)->anonymous());
  EXPECT_EQ(registry_.by_mntns(mntns)->name, "mntns:" + std::to_string(mntns));
}

TEST_F(Registry, AContainerNotHeldIsNotForTheKernelFilter) {
  proc_.add_process(100, "sh", 1);
  proc_.set_cgroup(100, "0::/libpod_parent/libpod-" + kId + "\n");
  proc_.make_namespace_unopenable(100);
  registry_.refresh(/*ask_apis=*/false);
  uint64_t mntns = proc_.mntns_of(100);
  ASSERT_NE(registry_.by_mntns(mntns), nullptr);
  EXPECT_EQ(registry_.by_mntns(mntns)->id, kId);
  EXPECT_TRUE(registry_.settled().empty());
}

TEST_F(Registry, ANewNamespaceWithNoCgroupReadIsAnonymousUntilItSettles) {
  proc_.add_process(100, "sh", 1);
  proc_.set_cgroup(100, "");
  registry_.refresh(/*ask_apis=*/false);
  uint64_t mntns = proc_.mntns_of(100);
  ASSERT_NE(registry_.by_mntns(mntns), nullptr);
  EXPECT_TRUE(registry_.by_mntns(mntns)->anonymous());
  EXPECT_TRUE(registry_.settled().empty());
}

}  // namespace
}  // namespace sigtrace
