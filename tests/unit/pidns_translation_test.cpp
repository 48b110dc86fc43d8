// Translating a container's pids through /proc, on a /proc tree built in a
// temporary directory: a namespace's id is the inode of its ns/pid file, so
// processes of one namespace share a hard-linked file.
#include "enrich/pidns_translation.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <thread>

#include "enrich/proc_target_names.h"

namespace sigtrace {
namespace {

namespace fs = std::filesystem;

TEST(InnermostNspid, TakesTheLastIdOfTheLine) {
  EXPECT_EQ(innermost_nspid("Name:\tsh\nNSpid:\t31969\t6\nNSpgid:\t1\n"), 6);
  EXPECT_EQ(innermost_nspid("Name:\tsh\nNSpid:\t42\n"), 42);
  EXPECT_EQ(innermost_nspid("Name:\tsh\nNSpid:\t7\t3\t1 \n"), 1);
}

TEST(InnermostNspid, RefusesWhatIsNotAPid) {
  EXPECT_EQ(innermost_nspid(""), std::nullopt);
  EXPECT_EQ(innermost_nspid("Name:\tsh\nPid:\t42\n"), std::nullopt);
  EXPECT_EQ(innermost_nspid("Name:\tsh\nNSpid:\t\n"), std::nullopt);
  EXPECT_EQ(innermost_nspid("Name:\tsh\nNSpid:\t12\tx3\n"), std::nullopt);
  EXPECT_EQ(innermost_nspid("Name:\tsh\nNSpid:\t12\t0\n"), std::nullopt);
  EXPECT_EQ(innermost_nspid("Name:\tsh\nNSpid:\t99999999999\n"), std::nullopt);
}

class FakeProc : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = ::testing::TempDir() + "fake_proc_" + std::to_string(getpid());
    fs::remove_all(root_);
    fs::create_directories(root_ + "/namespaces");
    container_ns_ = namespace_file("container");
    other_ns_ = namespace_file("other");
    namespace_file("sigtrace");
    fs::create_directories(root_ + "/self/ns");
    fs::create_hard_link(root_ + "/namespaces/sigtrace", root_ + "/self/ns/pid");
  }
  void TearDown() override { fs::remove_all(root_); }

  // A namespace: a file whose inode is its id.
  uint32_t namespace_file(const std::string& name) {
    std::string path = root_ + "/namespaces/" + name;
    std::ofstream(path) << name;
    struct stat st {};
    EXPECT_EQ(::stat(path.c_str(), &st), 0);
    return static_cast<uint32_t>(st.st_ino);
  }

  // A task our /proc calls `tid`, in process `pid` of namespace `ns`, where
  // it is `nspid`.
  void add_task(const std::string& ns, int pid, int tid, int nspid, const std::string& comm) {
    std::string process = root_ + "/" + std::to_string(pid);
    std::string task = process + "/task/" + std::to_string(tid);
    fs::create_directories(task);
    fs::create_directories(process + "/ns");
    if (!fs::exists(process + "/ns/pid")) {
      fs::create_hard_link(root_ + "/namespaces/" + ns, process + "/ns/pid");
      std::ofstream(process + "/ns/mnt") << "mnt";
      std::ofstream(process + "/comm") << comm << "\n";
    }
    std::ofstream(task + "/status")
        << "Name:\t" << comm << "\nNSpid:\t" << tid << "\t" << nspid << "\nNSpgid:\t1\n";
  }

  uint32_t ns_of(const std::string& name) const {
    struct stat st {};
    EXPECT_EQ(::stat((root_ + "/namespaces/" + name).c_str(), &st), 0);
    return static_cast<uint32_t>(st.st_ino);
  }

  // kill(nspid, 0) sent from the container's pid namespace.
  sigtrace_event probe_from_container(int32_t nspid) const {
    sigtrace_event event{};
    event.source = SIGTRACE_SOURCE_KILL;
    event.sender.pidns_id = container_ns_;
    event.sender.pidns_level = 1;
    event.pid_arg = nspid;
    return event;
  }

  std::string root_;
  uint32_t container_ns_ = 0;
  uint32_t other_ns_ = 0;
};

TEST_F(FakeProc, FindsTasksOfTheNamespaceOnly) {
  add_task("container", 31968, 31968, 1, "sh");
  add_task("container", 31968, 31970, 2, "sh");
  add_task("other", 40000, 40000, 1, "init");
  PidnsTranslation translation(root_);

  EXPECT_EQ(translation.to_ours(container_ns_, 1), 31968);
  EXPECT_EQ(translation.to_ours(container_ns_, 2), 31970);
  EXPECT_EQ(translation.to_ours(container_ns_, 3), std::nullopt);
  EXPECT_EQ(translation.to_ours(other_ns_, 1), 40000);
}

TEST_F(FakeProc, ATaskNewerThanTheTableIsFoundOnALaterRead) {
  add_task("container", 31968, 31968, 1, "sh");
  PidnsTranslation translation(root_);
  ASSERT_EQ(translation.to_ours(container_ns_, 1), 31968);

  add_task("container", 31975, 31975, 5, "sleep");
  // Not read again at once: a loop of probes reads /proc ten times a second
  // at most.
  EXPECT_EQ(translation.to_ours(container_ns_, 5), std::nullopt);
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  EXPECT_EQ(translation.to_ours(container_ns_, 5), 31975);
}

TEST_F(FakeProc, ProbeFromAContainerNamesTheTargetByOurPid) {
  add_task("container", 31968, 31968, 1, "sh");
  ProcTargetNames names(root_);
  sigtrace_event event = probe_from_container(1);
  ASSERT_TRUE(names.wants(event));
  auto target = names.find(event);

  ASSERT_TRUE(target);
  EXPECT_EQ(target->comm, "sh");
  EXPECT_EQ(target->tid, 31968u);
  EXPECT_NE(target->mntns_id, 0u);
  EXPECT_TRUE(target->from_proc);
}

TEST_F(FakeProc, ProbeOfAPidTheContainerDoesNotHaveStaysUnnamed) {
  add_task("container", 31968, 31968, 1, "sh");
  ProcTargetNames names(root_);
  sigtrace_event event = probe_from_container(31968);  // our pid for it, not the container's
  EXPECT_FALSE(names.find(event));
}

TEST_F(FakeProc, RefusedCallFromOurNamespaceNamesTheTarget) {
  add_task("sigtrace", 500, 500, 500, "victim");
  ProcTargetNames names(root_);
  for (int error : {0, EPERM, EINVAL}) {
    sigtrace_event event = probe_from_container(500);
    event.sender.pidns_id = ns_of("sigtrace");
    event.sender.pidns_level = 0;
    event.error = error;
    ASSERT_TRUE(names.wants(event)) << error;
    auto target = names.find(event);
    ASSERT_TRUE(target) << error;
    EXPECT_EQ(target->comm, "victim") << error;
    EXPECT_EQ(target->tid, 500u) << error;
  }
  sigtrace_event gone = probe_from_container(500);
  gone.error = ESRCH;
  EXPECT_FALSE(names.wants(gone));
}

}  // namespace
}  // namespace sigtrace
