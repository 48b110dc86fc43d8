// Real podman containers (runc, a busybox image built by scripts/setup-podman)
// traced by the sigtrace binary: who signals whom, by container name, on
// both ends, in both modes, with and without container filters.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "child.h"
#include "enrich/containers/runtime_sources.h"
#include "processes.h"
#include "subprocess.h"

namespace sigtrace::testing {
namespace {

using nlohmann::json;

constexpr const char* kImage = "localhost/sigtrace-busybox:latest";
constexpr const char* kPodman = "/usr/bin/podman";
constexpr const char* kReady = "Ctrl-C to stop";

RunResult podman(std::vector<std::string> args) {
  args.insert(args.begin(), kPodman);
  return run(args);
}

std::string trim(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
    text.pop_back();
  return text;
}

class Containers : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(podman({"image", "exists", kImage}).exit_code, 0)
        << kImage << " is missing: run scripts/setup-podman (scripts/test does)";
  }

  void TearDown() override {
    for (const auto& name : names_)
      podman({"rm", "--force", "--time", "0", name});
  }

  // A name no other test run uses; removed after the test.
  std::string name(const std::string& base) {
    names_.push_back("st-" + base + "-" + std::to_string(getpid()));
    return names_.back();
  }

  RunResult run_container(const std::string& name, const std::string& script) {
    return podman({"run", "--rm", "--runtime", "runc", "--name", name, kImage, "sh", "-c", script});
  }

  void create_container(const std::string& name, const std::string& script) {
    RunResult created =
        podman({"create", "--runtime", "runc", "--name", name, kImage, "sh", "-c", script});
    ASSERT_EQ(created.exit_code, 0) << created.err;
  }

  Subprocess trace(std::vector<std::string> args) {
    args.insert(args.begin(), {sigtrace_binary(), "-o", "json"});
    Subprocess sigtrace = Subprocess::start(args);
    EXPECT_TRUE(sigtrace.wait_for_stderr(kReady)) << sigtrace.err();
    return sigtrace;
  }

  std::vector<json> stop(Subprocess& sigtrace) {
    sigtrace.send_signal(SIGINT);
    EXPECT_EQ(sigtrace.finish(), 0) << sigtrace.err();
    std::vector<json> events;
    for (const auto& line : sigtrace.out_lines())
      events.push_back(json::parse(line));
    return events;
  }

  static std::vector<json> matching(const std::vector<json>& events, const std::string& comm,
                                    const std::string& sig) {
    std::vector<json> found;
    for (const auto& e : events) {
      if (e["proc"]["comm"] == comm && e["sig"] == sig) found.push_back(e);
    }
    return found;
  }

  // This test's own container's events, among whatever else the host does.
  static std::vector<json> sent_from(const std::vector<json>& events, const std::string& name) {
    std::vector<json> found;
    for (const auto& e : events) {
      if (container_of(e) == name) found.push_back(e);
    }
    return found;
  }

  static std::string container_of(const json& event, const char* key = "runtime") {
    return event.contains(key) ? event[key]["containerName"].get<std::string>() : "";
  }

  std::vector<std::string> names_;
};

// `sleep 3 & kill $!` inside a container: sh signals its own child. The
// script prints the child's pid as the container sees it.
constexpr const char* kKillChild = "sleep 3 & echo $!; kill $!";

void expect_in_container(const json& e, const std::string& name) {
  ASSERT_TRUE(e.contains("runtime")) << e;
  ASSERT_TRUE(e.contains("truntime")) << e;
  EXPECT_EQ(e["runtime"]["containerName"], name);
  EXPECT_EQ(e["runtime"]["runtimeName"], "podman");
  EXPECT_EQ(e["runtime"]["containerImageName"], kImage);
  EXPECT_EQ(e["runtime"]["containerId"].get<std::string>().size(), 64u);
  EXPECT_EQ(e["truntime"], e["runtime"]);
}

TEST_F(Containers, KillInsideAContainerNamesItOnBothEndsInBothModes) {
  std::string container = name("inside");
  Subprocess generate = trace({"-s", "TERM"});
  Subprocess kill_only = trace({"-k", "-s", "TERM"});
  RunResult ran = run_container(container, kKillChild);
  ASSERT_EQ(ran.exit_code, 0) << ran.err;
  int32_t nspid = std::stoi(trim(ran.out));
  auto generated = matching(sent_from(stop(generate), container), "sh", "SIGTERM");
  auto called = matching(sent_from(stop(kill_only), container), "sh", "SIGTERM");

  ASSERT_EQ(generated.size(), 1u) << generate.out();
  ASSERT_EQ(called.size(), 1u) << kill_only.out();
  expect_in_container(generated[0], container);
  expect_in_container(called[0], container);
  // The host pid in both modes, and the pid as sh knew it.
  EXPECT_EQ(generated[0]["tnspid"], nspid);
  EXPECT_EQ(called[0]["tnspid"], nspid);
  EXPECT_EQ(called[0]["tpid"], generated[0]["tpid"]);
  EXPECT_NE(generated[0]["tpid"], nspid);
  EXPECT_EQ(called[0]["syscall"], "kill");
  EXPECT_EQ(called[0]["targets"], 1);
  EXPECT_EQ(generated[0]["code"], "SI_USER");
}

// The container's first process has signalled and exited before sigtrace
// reads the event, and no scan saw it: both tracers are stopped from before
// the container starts until after its end. conmon is stopped too, so that
// nobody reaps the container's init or removes its cgroup meanwhile: the
// mount namespace is gone, the cgroup still says whose the event is.
TEST_F(Containers, SenderGoneBeforeItsEventIsReadIsNamedByItsCgroup) {
  std::string container = name("gone");
  std::string dir = ::testing::TempDir() + "sigtrace-gone-" + std::to_string(getpid());
  std::filesystem::create_directories(dir);
  Subprocess generate = trace({"-s", "TERM"});
  Subprocess kill_only = trace({"-k", "-s", "TERM"});
  generate.send_signal(SIGSTOP);
  kill_only.send_signal(SIGSTOP);
  Subprocess running = Subprocess::start(
      {kPodman, "run", "--rm", "--runtime", "runc", "--name", container, "-v", dir + ":/w", kImage,
       "sh", "-c", "until [ -e /w/go ]; do sleep 0.02; done; " + std::string(kKillChild)});
  pid_t init = 0, conmon = 0;
  ASSERT_TRUE(wait_until(
      [&] {
        RunResult pids =
            podman({"inspect", "--format", "{{.State.Pid}} {{.State.ConmonPid}}", container});
        std::istringstream(pids.out) >> init >> conmon;
        return init > 0 && conmon > 0;
      },
      std::chrono::seconds(10)));
  ASSERT_EQ(::kill(conmon, SIGSTOP), 0);
  std::ofstream(dir + "/go").close();
  bool exited = wait_for_state(init, 'Z', std::chrono::seconds(10));
  ::kill(conmon, SIGCONT);
  ASSERT_TRUE(exited) << "the container's sh did not end";
  generate.send_signal(SIGCONT);
  kill_only.send_signal(SIGCONT);
  auto generated = matching(sent_from(stop(generate), container), "sh", "SIGTERM");
  auto called = matching(sent_from(stop(kill_only), container), "sh", "SIGTERM");
  running.finish();
  std::filesystem::remove_all(dir);

  ASSERT_EQ(generated.size(), 1u) << generate.out();
  ASSERT_EQ(called.size(), 1u) << kill_only.out();
  expect_in_container(generated[0], container);
  expect_in_container(called[0], container);
}

TEST_F(Containers, ProbeInsideAContainerIsTranslatedToTheHostPid) {
  std::string container = name("probe");
  // sh is the container's pid 1 and probes itself; it stays a second, so
  // that it is still there when sigtrace looks.
  create_container(container, "kill -0 1; sleep 1; true");
  Subprocess sigtrace = trace({"-k", "-c", container, "-s", "0"});
  ASSERT_EQ(podman({"start", "--attach", container}).exit_code, 0);
  auto events = stop(sigtrace);

  ASSERT_EQ(events.size(), 1u) << sigtrace.out();
  // No signal was generated, so the kernel named no task: pid 1 of the
  // container was found in /proc, among the tasks of sh's pid namespace.
  EXPECT_EQ(events[0]["tpid"], events[0]["proc"]["pid"]);
  EXPECT_NE(events[0]["tpid"], 1);
  EXPECT_EQ(events[0]["tnspid"], 1);
  EXPECT_EQ(events[0]["tcomm"], "sh");
  EXPECT_EQ(events[0]["targets"], 0);
  EXPECT_EQ(container_of(events[0]), container);
  EXPECT_EQ(container_of(events[0], "truntime"), container);
}

TEST_F(Containers, ContainerNameFilterKeepsOnlyThatContainer) {
  std::string container = name("filtered");
  create_container(container, kKillChild);
  Child host_target = spawn_target({.name = "host-target", .handled = {SIGTERM}});
  Child host_sender = spawn_sender({.name = "host-sender"},
                                   [&] { return errno_of(kill(host_target.pid(), SIGTERM)); });
  Subprocess sigtrace = trace({"-c", container});
  ASSERT_EQ(run_sender(host_sender), 0);
  RunResult started = podman({"start", "--attach", container});
  ASSERT_EQ(started.exit_code, 0) << started.err;
  auto events = stop(sigtrace);

  auto kills = matching(events, "sh", "SIGTERM");
  ASSERT_EQ(kills.size(), 1u) << sigtrace.out();
  expect_in_container(kills[0], container);
  for (const auto& e : events)
    EXPECT_EQ(container_of(e), container) << e;
  EXPECT_TRUE(matching(events, "host-sender", "SIGTERM").empty());
}

// -c with a name nobody knows yet: sigtrace says it waits, and shows the
// container's signals once it runs, and nothing from the host or from
// another container started in between.
TEST_F(Containers, NameChosenBeforeTheContainerExistsIsFollowed) {
  std::string awaited = name("awaited");
  std::string other = name("elsewhere");
  create_container(other, kKillChild);
  Child host_target = spawn_target({.name = "aw-host-tgt", .handled = {SIGTERM}});
  Child host_sender = spawn_sender({.name = "aw-host-snd"},
                                   [&] { return errno_of(kill(host_target.pid(), SIGTERM)); });
  Subprocess sigtrace = trace({"-c", awaited});
  EXPECT_NE(sigtrace.err().find("no container '" + awaited + "' yet; waiting for it (known: "),
            std::string::npos)
      << sigtrace.err();
  EXPECT_NE(sigtrace.err().find(other), std::string::npos) << sigtrace.err();
  ASSERT_EQ(run_sender(host_sender), 0);
  ASSERT_EQ(podman({"start", "--attach", other}).exit_code, 0);
  RunResult ran = run_container(awaited, kKillChild);
  ASSERT_EQ(ran.exit_code, 0) << ran.err;
  auto events = stop(sigtrace);

  auto kills = matching(events, "sh", "SIGTERM");
  ASSERT_EQ(kills.size(), 1u) << sigtrace.out();
  expect_in_container(kills[0], awaited);
  EXPECT_EQ(kills[0]["tnspid"], std::stoi(trim(ran.out)));
  for (const auto& e : events)
    EXPECT_EQ(container_of(e), awaited) << e;
  EXPECT_EQ(sigtrace.err().find("appeared"), std::string::npos) << sigtrace.err();
}

TEST_F(Containers, TargetNameChosenBeforeTheContainerExistsIsFollowed) {
  std::string awaited = name("tawaited");
  Subprocess sigtrace = trace({"--tcontainername", awaited, "-s", "TERM"});
  EXPECT_NE(sigtrace.err().find("waiting for it"), std::string::npos) << sigtrace.err();
  RunResult ran = run_container(awaited, kKillChild);
  ASSERT_EQ(ran.exit_code, 0) << ran.err;
  auto events = stop(sigtrace);

  ASSERT_EQ(events.size(), 1u) << sigtrace.out();
  expect_in_container(events[0], awaited);
}

TEST_F(Containers, NameThatNeverAppearsIsSaidAtTheEnd) {
  std::string never = name("never");
  Subprocess sigtrace = trace({"-c", never, "--tcontainername", never + "-t"});
  EXPECT_NE(
      sigtrace.err().find("no container '" + never + "', '" + never + "-t' yet; waiting for them"),
      std::string::npos)
      << sigtrace.err();
  auto events = stop(sigtrace);
  EXPECT_TRUE(events.empty()) << sigtrace.out();
  EXPECT_NE(sigtrace.err().find("no container named '" + never + "' appeared"), std::string::npos)
      << sigtrace.err();
  EXPECT_NE(sigtrace.err().find("no container named '" + never + "-t' appeared"), std::string::npos)
      << sigtrace.err();
}

std::string init_pid_of(const std::string& container) {
  return trim(podman({"inspect", "--format", "{{.State.Pid}}", container}).out);
}

TEST_F(Containers, PodmanKillIsAttributedToTheTargetContainer) {
  std::string container = name("killed");
  ASSERT_EQ(podman({"run", "-d", "--runtime", "runc", "--name", container, kImage, "sleep", "100"})
                .exit_code,
            0);
  int init = std::stoi(init_pid_of(container));
  Subprocess sigtrace = trace({"-s", "KILL", "--tcontainername", container});
  ASSERT_EQ(podman({"kill", container}).exit_code, 0);
  auto events = stop(sigtrace);

  ASSERT_EQ(events.size(), 1u) << sigtrace.out();
  const json& e = events[0];
  EXPECT_EQ(e["tpid"], init);
  EXPECT_EQ(e["tcomm"], "sleep");
  EXPECT_EQ(container_of(e, "truntime"), container);
  // The sender is a host process (the OCI runtime), in no container.
  EXPECT_FALSE(e.contains("runtime")) << e;
  EXPECT_EQ(e["proc"]["comm"], "runc");
}

TEST_F(Containers, PodmanStopSendsTermThenKillToTheInit) {
  std::string container = name("stopped");
  ASSERT_EQ(podman({"run", "-d", "--runtime", "runc", "--name", container, kImage, "sleep", "100"})
                .exit_code,
            0);
  int init = std::stoi(init_pid_of(container));
  Subprocess sigtrace = trace({"-k", "-s", "TERM,KILL", "--tcontainername", container});
  ASSERT_EQ(podman({"stop", "--time", "1", container}).exit_code, 0);
  auto events = stop(sigtrace);

  ASSERT_EQ(events.size(), 2u) << sigtrace.out();
  EXPECT_EQ(events[0]["sig"], "SIGTERM");
  EXPECT_EQ(events[1]["sig"], "SIGKILL");
  for (const auto& e : events) {
    EXPECT_EQ(e["tpid"], init);
    EXPECT_EQ(container_of(e, "truntime"), container);
    EXPECT_FALSE(e.contains("runtime")) << e;
    EXPECT_EQ(e["error"], "");
  }
}

TEST_F(Containers, ContainerStartedAfterSigtraceShowsInColumns) {
  std::string container = name("later");
  Subprocess sigtrace = Subprocess::start(
      {sigtrace_binary(), "--fields", "comm,container,tcomm,tcontainer,sig", "-s", "USR1"});
  ASSERT_TRUE(sigtrace.wait_for_stderr(kReady));
  RunResult ran = run_container(container, "trap '' USR1; kill -USR1 $$");
  ASSERT_EQ(ran.exit_code, 0) << ran.err;
  sigtrace.send_signal(SIGINT);
  ASSERT_EQ(sigtrace.finish(), 0);

  char expected[128];
  std::snprintf(expected, sizeof(expected), "%-16s %-16s %-16s %-16s %s", "sh", container.c_str(),
                "sh", container.c_str(), "SIGUSR1");
  auto lines = sigtrace.out_lines();
  EXPECT_NE(std::find(lines.begin(), lines.end(), expected), lines.end()) << sigtrace.out();
}

// The default columns, on a host where a runtime is installed: CONTAINER
// and TCONTAINER are there from the start, before any container runs.
TEST_F(Containers, DefaultColumnsShowAContainerStartedLater) {
  std::string container = name("columns");
  Subprocess sigtrace = Subprocess::start({sigtrace_binary(), "-s", "USR1", "--comm", "sh"});
  ASSERT_TRUE(sigtrace.wait_for_stderr(kReady)) << sigtrace.err();
  RunResult ran = run_container(container, "trap '' USR1; kill -USR1 $$");
  ASSERT_EQ(ran.exit_code, 0) << ran.err;
  sigtrace.send_signal(SIGINT);
  ASSERT_EQ(sigtrace.finish(), 0);

  auto lines = sigtrace.out_lines();
  ASSERT_FALSE(lines.empty());
  auto header = words_of(lines[0]);
  auto column = [&](const char* title) {
    return static_cast<size_t>(std::find(header.begin(), header.end(), title) - header.begin());
  };
  ASSERT_LT(column("CONTAINER"), header.size()) << lines[0];
  ASSERT_LT(column("TCONTAINER"), header.size()) << lines[0];
  size_t found = 0;
  for (size_t i = 1; i < lines.size(); ++i) {
    auto row = words_of(lines[i]);
    if (row.size() != header.size() || row[column("CONTAINER")] != container) continue;
    EXPECT_EQ(row[column("TCONTAINER")], container) << lines[i];
    EXPECT_EQ(row[column("SIG")], "SIGUSR1") << lines[i];
    ++found;
  }
  EXPECT_EQ(found, 1u) << sigtrace.out();
}

// A container sharing the host's pid namespace kills a host process: the
// sender is still the container's, by its mount namespace.
TEST_F(Containers, HostPidContainerKillingAHostProcessIsNamed) {
  std::string container = name("hostpid");
  Child host_target = spawn_target({.name = "hp-host-tgt", .handled = {SIGUSR2}});
  std::string target = std::to_string(host_target.pid());
  Subprocess sigtrace = trace({"-s", "USR2", "-T", target});
  RunResult ran = podman({"run", "--rm", "--runtime", "runc", "--pid", "host", "--name", container,
                          kImage, "kill", "-USR2", target});
  ASSERT_EQ(ran.exit_code, 0) << ran.err;
  auto events = stop(sigtrace);

  ASSERT_EQ(events.size(), 1u) << sigtrace.out();
  EXPECT_EQ(container_of(events[0]), container) << events[0];
  EXPECT_EQ(events[0]["runtime"]["runtimeName"], "podman");
  EXPECT_EQ(events[0]["tpid"], host_target.pid());
  EXPECT_FALSE(events[0].contains("truntime")) << events[0];  // the host's
  EXPECT_FALSE(events[0].contains("truntime_unknown")) << events[0];
}

TEST_F(Containers, TwoContainersFilterShowsOnlyTheChosenOne) {
  std::string chosen = name("chosen");
  std::string other = name("other");
  const char* script = "trap '' USR1; for i in 1 2 3; do kill -USR1 $$; done";
  create_container(chosen, script);
  create_container(other, script);
  Subprocess sigtrace = trace({"-c", chosen, "-s", "USR1"});
  ASSERT_EQ(podman({"start", "--attach", other}).exit_code, 0);
  ASSERT_EQ(podman({"start", "--attach", chosen}).exit_code, 0);
  auto events = stop(sigtrace);

  ASSERT_EQ(events.size(), 3u) << sigtrace.out();
  for (const auto& e : events)
    EXPECT_EQ(container_of(e), chosen) << e;
}

TEST_F(Containers, HostFlagDropsContainers) {
  std::string container = name("nothost");
  Child host_target = spawn_target({.name = "host-only-tgt", .handled = {SIGUSR1}});
  Subprocess sigtrace = trace({"--host", "-s", "USR1"});
  ASSERT_EQ(run_container(container, "trap '' USR1; kill -USR1 $$").exit_code, 0);
  Child host_sender = spawn_sender({.name = "host-only-snd"},
                                   [&] { return errno_of(kill(host_target.pid(), SIGUSR1)); });
  ASSERT_EQ(run_sender(host_sender), 0);
  auto events = stop(sigtrace);

  EXPECT_EQ(matching(events, "host-only-snd", "SIGUSR1").size(), 1u) << sigtrace.out();
  // Anonymous namespaces count as the host's (other tests make some).
  for (const auto& e : events) {
    std::string runtime = e.contains("runtime") ? e["runtime"]["runtimeName"] : "";
    EXPECT_EQ(runtime, "") << e;
  }
}

// A dying task has left its mount namespace when it signals its parent:
// --mntns still keeps it, placed by its pid namespace.
TEST_F(Containers, MntnsFilterKeepsTheExitsInsideTheNamespace) {
  Subprocess unshared =
      Subprocess::start({"/usr/bin/unshare", "--mount", "--pid", "--fork", "/bin/sh", "-c",
                         "read go; /bin/true; trap '' USR1; kill -USR1 $$"});
  // unshare forks the shell: its only child.
  std::string children;
  for (int i = 0; i < 100 && children.empty(); ++i) {
    std::ifstream in("/proc/" + std::to_string(unshared.pid()) + "/task/" +
                     std::to_string(unshared.pid()) + "/children");
    std::getline(in, children);
    if (children.empty()) usleep(10000);
  }
  ASSERT_FALSE(children.empty());
  pid_t shell = std::stoi(children);
  uint64_t mntns = namespace_id(shell, "mnt");
  Subprocess sigtrace = trace({"--mntns", std::to_string(mntns)});
  unshared.write_stdin("go\n");
  EXPECT_EQ(unshared.finish(), 0);
  auto events = stop(sigtrace);

  auto exits = matching(events, "true", "SIGCHLD");
  ASSERT_EQ(exits.size(), 1u) << sigtrace.out();
  EXPECT_EQ(exits[0]["proc"]["mntns_id"], 0);  // already outside it
  EXPECT_EQ(exits[0]["runtime"]["containerName"], "mntns:" + std::to_string(mntns));
  EXPECT_EQ(matching(events, "sh", "SIGUSR1").size(), 1u) << sigtrace.out();
}

TEST_F(Containers, PlainUnshareNamespaceIsAnonymous) {
  Subprocess sigtrace = trace({"-s", "TERM", "--comm", "sh"});
  // The shell says its mount namespace first: the inode in "mnt:[ID]".
  RunResult ran = run({"/usr/bin/unshare", "--mount", "--pid", "--fork", "/bin/sh", "-c",
                       std::string("stat -Lc %i /proc/self/ns/mnt; ") + kKillChild});
  ASSERT_EQ(ran.exit_code, 0) << ran.err;
  std::istringstream said(ran.out);
  uint64_t mntns = 0;
  int32_t nspid = 0;
  said >> mntns >> nspid;
  std::vector<json> events;
  for (const auto& e : matching(stop(sigtrace), "sh", "SIGTERM")) {
    if (e["proc"]["mntns_id"] == mntns) events.push_back(e);
  }

  ASSERT_EQ(events.size(), 1u) << sigtrace.out();
  const json& e = events[0];
  EXPECT_NE(mntns, namespace_id(getpid(), "mnt"));
  ASSERT_TRUE(e.contains("runtime")) << e;
  EXPECT_EQ(e["runtime"]["containerName"], "mntns:" + std::to_string(mntns));
  EXPECT_EQ(e["runtime"]["runtimeName"], "");
  EXPECT_EQ(e["runtime"]["containerId"], "");
  EXPECT_EQ(e["tnspid"], nspid);
}

}  // namespace
}  // namespace sigtrace::testing

namespace sigtrace::testing {
namespace {

// The Engine API path, against podman's own API service on a socket of
// this test's.
TEST_F(Containers, EngineApiNamesRunningContainers) {
  std::string container = name("api");
  ASSERT_EQ(podman({"run", "-d", "--runtime", "runc", "--name", container, kImage, "sleep", "100"})
                .exit_code,
            0);
  std::string id = trim(podman({"inspect", "--format", "{{.Id}}", container}).out);
  std::string socket = "/tmp/sigtrace-podman-" + std::to_string(getpid()) + ".sock";
  Subprocess service =
      Subprocess::start({kPodman, "system", "service", "--time", "0", "unix://" + socket});
  ContainerNames names;
  bool answered = false;
  for (int attempt = 0; attempt < 100 && !answered; ++attempt) {
    answered = names_from_engine_api(socket, "podman", names);
    if (!answered) usleep(100 * 1000);
  }
  service.send_signal(SIGTERM);
  service.finish();
  unlink(socket.c_str());

  ASSERT_TRUE(answered) << service.err();
  ASSERT_TRUE(names.count(id)) << "the API did not list " << id;
  EXPECT_EQ(names[id].name, container);
  EXPECT_EQ(names[id].image, kImage);
  EXPECT_EQ(names[id].runtime, "podman");
}

TEST(EngineApi, NoSocketMeansNoAnswer) {
  ContainerNames names;
  EXPECT_FALSE(names_from_engine_api("/nonexistent/sigtrace.sock", "docker", names));
  EXPECT_TRUE(names.empty());
}

// -k -T with a host pid: sh inside the container kills its child by the
// pid it knows (a small number); the call is kept because the kernel
// resolved it to the host pid asked for.
TEST_F(Containers, KillOnlyTpidMatchesTheHostPidOfAKillFromInside) {
  std::string container = name("tpid-inside");
  RunResult started = podman({"run", "-d", "--runtime", "runc", "--name", container, kImage, "sh",
                              "-c", "sleep 30 & while [ ! -e /go ]; do sleep 0.1; done; kill $!"});
  ASSERT_EQ(started.exit_code, 0) << started.err;
  RunResult inspected = podman({"inspect", "--format", "{{.State.Pid}}", container});
  ASSERT_EQ(inspected.exit_code, 0) << inspected.err;
  std::string init = trim(inspected.out);
  std::string children;
  for (int tries = 0; tries < 500 && children.empty(); ++tries) {
    std::ifstream in("/proc/" + init + "/task/" + init + "/children");
    std::getline(in, children);
    if (children.empty()) usleep(10000);
  }
  ASSERT_FALSE(children.empty());
  pid_t host_sleep = std::stoi(children);  // the first child: sleep
  Subprocess sigtrace = trace({"-k", "-T", std::to_string(host_sleep), "--count", "1"});
  // Written from the host, through the container's root: a `podman exec`
  // raced the container's end (its init exits as soon as /go is there, and
  // takes an exec still running with it: status 137).
  ASSERT_TRUE(std::ofstream("/proc/" + init + "/root/go").good());
  ASSERT_EQ(podman({"wait", container}).exit_code, 0);
  sigtrace.finish();

  auto lines = sigtrace.out_lines();
  ASSERT_EQ(lines.size(), 1u) << sigtrace.out() << sigtrace.err();
  json e = json::parse(lines[0]);
  EXPECT_EQ(e["syscall"], "kill");
  EXPECT_EQ(e["sig"], "SIGTERM");
  EXPECT_EQ(e["tpid"], host_sleep);
  EXPECT_NE(e["tnspid"], host_sleep);  // the pid sh passed
  EXPECT_EQ(e["tcomm"], "sleep");
  EXPECT_EQ(container_of(e), container);
}

// A container's init that ignores SIGTERM: `podman stop -t 1` sends it,
// waits a second, then SIGKILLs it. --fate tells both; --deaths keeps the
// kill alone (and the kernel's SIGKILL to the init's child, the pid
// namespace going down with it).
TEST_F(Containers, StopOfAnInitIgnoringTermIsIgnoredThenKilled) {
  std::string container = name("stubborn");
  RunResult started = podman({"run", "-d", "--runtime", "runc", "--name", container, kImage, "sh",
                              "-c", "trap '' TERM; sleep 600 & wait"});
  ASSERT_EQ(started.exit_code, 0) << started.err;
  RunResult inspected = podman({"inspect", "--format", "{{.State.Pid}}", container});
  ASSERT_EQ(inspected.exit_code, 0) << inspected.err;
  std::string init = trim(inspected.out);
  Subprocess fates = trace({"--fate", "-T", init});
  Subprocess deaths = trace({"--deaths", "--tcontainername", container});
  ASSERT_EQ(podman({"stop", "-t", "1", container}).exit_code, 0);
  auto told = stop(fates);
  auto died = stop(deaths);

  std::vector<json> term, kill;
  for (const auto& e : told) {
    if (e["sig"] == "SIGTERM") term.push_back(e);
    if (e["sig"] == "SIGKILL") kill.push_back(e);
  }
  ASSERT_EQ(term.size(), 1u) << fates.out();
  ASSERT_EQ(kill.size(), 1u) << fates.out();
  EXPECT_EQ(term[0]["fate"], "ignored") << term[0];
  EXPECT_EQ(kill[0]["fate"], "terminated") << kill[0];
  EXPECT_EQ(kill[0]["exit"]["signal"], "SIGKILL");
  EXPECT_GE(kill[0]["timestamp_raw"].get<uint64_t>() - term[0]["timestamp_raw"].get<uint64_t>(),
            900'000'000u);  // the second podman waited
  ASSERT_FALSE(died.empty()) << deaths.out();
  bool init_killed = false;
  for (const auto& e : died) {
    EXPECT_TRUE(e["fate"] == "terminated" || e["fate"] == "core_dumped") << e;
    EXPECT_EQ(container_of(e, "truntime"), container) << e;
    if (e["tpid"] == std::stoi(init) && e["sig"] == "SIGKILL") init_killed = true;
  }
  EXPECT_TRUE(init_killed) << deaths.out();
}

}  // namespace
}  // namespace sigtrace::testing
