// The container image (scripts/image, built by the fleet.image fixture
// from the sigtrace under test) run by podman as a privileged container
// in the host's pid namespace, and the DaemonSet's pod template played by
// `podman kube play` as a Pod.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "fleet_support.h"
#include "processes.h"
#include "subprocess.h"

namespace sigtrace::testing {
namespace {

constexpr const char* kImage = "localhost/sigtrace:latest";
constexpr const char* kPodman = "/usr/bin/podman";
constexpr const char* kDaemonSet = SIGTRACE_SOURCE_DIR "/deploy/kubernetes/sigtrace.yaml";
constexpr const char* kTemplateAddress = "0.0.0.0:9722";

RunResult podman(std::vector<std::string> args) {
  // runc: crun refuses this machine's hybrid cgroups (scripts/setup-podman).
  args.insert(args.begin(), {kPodman, "--runtime", "runc"});
  return run(args);
}

std::string unique(const std::string& base) {
  return "sigtrace-" + base + "-" + std::to_string(getpid());
}

TEST(Image, FromScratchWithSigtraceAsEntrypoint) {
  RunResult inspected =
      podman({"image", "inspect", "--format", "{{json .Config.Entrypoint}}", kImage});
  ASSERT_EQ(inspected.exit_code, 0) << inspected.err;
  EXPECT_EQ(nlohmann::json::parse(inspected.out), nlohmann::json::array({"/usr/bin/sigtrace"}));
  RunResult version = podman({"run", "--rm", kImage, "--version"});
  EXPECT_EQ(version.exit_code, 0) << version.err;
  EXPECT_EQ(version.out.rfind("sigtrace ", 0), 0u) << version.out;
  // Nothing but what sigtrace needs: not even a shell.
  RunResult shell = podman({"run", "--rm", "--entrypoint", "/bin/sh", kImage, "-c", "true"});
  EXPECT_NE(shell.exit_code, 0);
}

// The arguments after the image are sigtrace's; the pids are the host's.
TEST(Image, TracesAHostProcesssSignalWithHostPids) {
  Child target = ignoring_target("imgtarget", SIGUSR1);
  std::string name = unique("image");
  Subprocess sigtrace = Subprocess::start(
      {kPodman, "--runtime", "runc", "run", "--rm", "--name", name, "--privileged", "--pid=host",
       kImage, "-o", "json", "-s", "USR1", "-T", std::to_string(target.pid()), "--count", "1"});
  ASSERT_TRUE(sigtrace.wait_for_stderr("Ctrl-C to stop")) << sigtrace.err();
  Child sender = spawn_sender({.name = "imgsender"},
                              [&] { return kill(target.pid(), SIGUSR1) == 0 ? 0 : errno; });
  ASSERT_EQ(run_sender(sender), 0);
  ASSERT_EQ(sigtrace.finish(), 0) << sigtrace.err();

  ASSERT_EQ(sigtrace.out_lines().size(), 1u) << sigtrace.out() << sigtrace.err();
  auto event = nlohmann::json::parse(sigtrace.out_lines()[0]);
  EXPECT_EQ(event["proc"]["comm"], "imgsender");
  EXPECT_EQ(event["proc"]["pid"], sender.pid());
  EXPECT_EQ(event["proc"]["parent"]["pid"], getpid());
  EXPECT_EQ(event["tpid"], target.pid());
  EXPECT_EQ(event["tcomm"], "imgtarget");
  EXPECT_EQ(event["sig"], "SIGUSR1");
  EXPECT_EQ(event["result"], "ignored");
  EXPECT_FALSE(event.contains("runtime")) << "a host process is in no container: " << event;
}

// The DaemonSet's pod template as a Pod manifest: the lines under
// `template:`, a name, and the metrics moved to a free loopback port (the
// pod shares the host's network, where 9722 may be taken).
std::string pod_from_daemonset(const std::string& yaml, const std::string& name, int port) {
  std::istringstream lines(yaml.substr(yaml.find("kind: DaemonSet")));
  std::string pod = "apiVersion: v1\nkind: Pod\n";
  bool inside = false;
  for (std::string line; std::getline(lines, line);) {
    if (line == "  template:") {
      inside = true;
      continue;
    }
    if (!inside) continue;
    if (!line.empty() && line.rfind("    ", 0) != 0) break;
    pod += (line.empty() ? line : line.substr(4)) + "\n";
    if (line == "    metadata:") pod += "  name: " + name + "\n";
  }
  size_t address = pod.find(kTemplateAddress);
  if (address != std::string::npos)
    pod.replace(address, std::string(kTemplateAddress).size(), "127.0.0.1:" + std::to_string(port));
  return pod;
}

class DaemonSet : public ::testing::Test {
 protected:
  void TearDown() override {
    if (!manifest_.empty()) {
      podman({"kube", "down", manifest_});
      std::remove(manifest_.c_str());
    }
  }
  std::string write_manifest(const std::string& text) {
    manifest_ = "/tmp/" + unique("pod") + ".yaml";
    std::ofstream(manifest_) << text;
    return manifest_;
  }

 private:
  std::string manifest_;
};

// podman 4.3 plays hostPID as a pid namespace of the pod's own: the
// host's processes then show as a container of their own (mntns:ID), but
// their signals are counted all the same, by the same labels.
TEST_F(DaemonSet, PodTemplatePlaysUnderPodmanAndCounts) {
  std::ifstream in(kDaemonSet);
  std::string yaml((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_NE(yaml.find(kTemplateAddress), std::string::npos) << "the metrics address moved";
  int port = free_loopback_port();
  std::string name = unique("daemonset");
  std::string manifest = write_manifest(pod_from_daemonset(yaml, name, port));
  RunResult played = podman({"kube", "play", manifest});
  ASSERT_EQ(played.exit_code, 0) << played.err << "\n" << manifest;
  RunResult privileged =
      podman({"inspect", "--format", "{{.HostConfig.Privileged}}", name + "-sigtrace"});
  EXPECT_EQ(privileged.out, "true\n") << privileged.err;

  std::string url = "http://127.0.0.1:" + std::to_string(port) + "/metrics";
  ASSERT_EQ(wait_for_at_least(1, 30, [&] { return http_get(url) ? 1.0 : 0.0; }), 1)
      << podman({"logs", name + "-sigtrace"}).err;
  // A signal few others send, to a target of this test's own.
  constexpr int kSignal = 34 + 9;  // SIGRTMIN+9
  constexpr int kBurst = 200;
  Child target = ignoring_target("dstarget", kSignal);
  send_burst(target, kSignal, kBurst, "dssender");
  std::string text;
  double counted = wait_for_at_least(kBurst, 30, [&] {
    auto reply = http_get(url);
    text = reply ? reply->body : "";
    return sum_of(text, "sigtrace_signals_total", "signal=\"SIGRTMIN+9\"").value_or(0);
  });
  EXPECT_GE(counted, kBurst) << text;
  EXPECT_NE(text.find("process_cpu_seconds_total"), std::string::npos) << text;
}

}  // namespace
}  // namespace sigtrace::testing
