// The sender's cgroup in every event, and the way back from its id to the
// cgroup's path that names a container whose processes are gone: a sender
// moved into a cgroup shaped like a podman container's, in both modes.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "child.h"
#include "enrich/containers/cgroup_by_id.h"
#include "event_log.h"
#include "processes.h"
#include "tracing.h"

namespace sigtrace::testing {
namespace {

// A cgroup of this test's own under the unified hierarchy's root; removed
// with its parent at the end.
class OwnCgroup {
 public:
  explicit OwnCgroup(const std::string& root)
      : parent_(root + "/sigtrace-test-" + std::to_string(getpid())),
        relative_("/sigtrace-test-" + std::to_string(getpid()) + "/libpod-" +
                  std::string(64, 'c')) {
    std::filesystem::create_directories(root + relative_);
    path_ = root + relative_;
  }
  ~OwnCgroup() {
    ::rmdir(path_.c_str());
    ::rmdir(parent_.c_str());
  }
  OwnCgroup(const OwnCgroup&) = delete;
  OwnCgroup& operator=(const OwnCgroup&) = delete;

  void add(pid_t pid) const { std::ofstream(path_ + "/cgroup.procs") << pid << '\n'; }
  uint64_t id() const {
    struct stat st {};
    return ::stat(path_.c_str(), &st) == 0 ? st.st_ino : 0;
  }
  bool remove() const { return ::rmdir(path_.c_str()) == 0; }
  const std::string& relative() const { return relative_; }

 private:
  std::string parent_;
  std::string relative_;
  std::string path_;
};

class SenderCgroup : public ::testing::TestWithParam<Mode> {};

TEST_P(SenderCgroup, ItsIdFindsTheCgroupUntilTheCgroupIsRemoved) {
  std::string root = cgroup2_root();
  if (root.empty()) GTEST_SKIP() << "no cgroup2 hierarchy is mounted";
  OwnCgroup cgroup(root);
  Child target = spawn_target({.name = "cg-target", .handled = {SIGUSR1}});
  Child sender =
      spawn_sender({.name = "cg-sender"}, [&] { return errno_of(kill(target.pid(), SIGUSR1)); });
  cgroup.add(sender.pid());
  ASSERT_EQ(cgroup_id(sender.pid()), cgroup.id());
  auto tracer = start_tracer(GetParam(), only_sender(sender.pid()));
  EventLog log;
  ASSERT_EQ(run_sender(sender), 0);

  Events events = wait_for(*tracer, log, all_of({sent_by(sender.pid()), with_signal(SIGUSR1)}));
  ASSERT_EQ(events.size(), 1u) << describe(log.events());
  uint64_t id = events[0].sender_cgroup_id;
  EXPECT_EQ(id, cgroup.id());
  CgroupById cgroups;
  EXPECT_EQ(cgroups.path_of(id), cgroup.relative());
  ASSERT_TRUE(cgroup.remove());
  EXPECT_EQ(cgroups.path_of(id), std::nullopt);
  // No cgroup, and the root's: nothing to name.
  EXPECT_EQ(cgroups.path_of(0), std::nullopt);
  EXPECT_EQ(cgroups.path_of(1), std::nullopt);
}

INSTANTIATE_TEST_SUITE_P(BothModes, SenderCgroup,
                         ::testing::Values(Mode::kGenerate, Mode::kKillOnly));

}  // namespace
}  // namespace sigtrace::testing
