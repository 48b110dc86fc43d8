// Real containerd (scripts/setup-containerd starts it and imports the
// busybox image into its k8s.io namespace): a container run with
// `ctr -n k8s.io run`, carrying the annotations the CRI plugin writes and
// the labels kubelet sets, as a Kubernetes node has them, named with its
// pod on both ends of a signal and chosen by the pod filters.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "enrich/containers/containerd_api.h"
#include "subprocess.h"

namespace sigtrace::testing {
namespace {

using nlohmann::json;

constexpr const char* kImage = "localhost/sigtrace-busybox:latest";
constexpr const char* kCtr = "/usr/bin/ctr";
constexpr const char* kReady = "Ctrl-C to stop";
// The container stays a moment after its signal: one whose every process
// comes and goes within a single scan of /proc (which takes a good part of
// a second in the sanitizer build on a loaded host) may be read only as
// mntns:ID. The podman tests keep the instant exit.
constexpr const char* kKillChild = "sleep 3 & echo $!; kill $!; sleep 0.5";

RunResult ctr(std::vector<std::string> args) {
  args.insert(args.begin(), {kCtr, "-n", "k8s.io"});
  return run(args);
}

class Containerd : public ::testing::Test {
 protected:
  void SetUp() override {
    RunResult images = ctr({"image", "ls", "-q"});
    ASSERT_EQ(images.exit_code, 0)
        << "containerd does not answer: run scripts/setup-containerd (scripts/test does)\n"
        << images.err;
    ASSERT_NE(images.out.find(kImage), std::string::npos)
        << kImage << " is not in containerd's k8s.io namespace: run scripts/setup-containerd";
  }

  void TearDown() override {
    for (const auto& id : ids_) {
      for (const char* ns : {"k8s.io", "default"}) {
        run({kCtr, "-n", ns, "task", "rm", "--force", id});
        run({kCtr, "-n", ns, "container", "rm", id});
      }
    }
    for (const auto& name : podman_names_)
      run({"/usr/bin/podman", "rm", "--force", "--time", "0", name});
  }

  std::string id(const std::string& base) {
    ids_.push_back("st-" + base + "-" + std::to_string(getpid()));
    return ids_.back();
  }

  // As kubelet asks for container "app" of pod shop/web-0 through the CRI:
  // the CRI plugin's annotations on the bundle, kubelet's labels on the
  // container.
  RunResult run_pod_container(const std::string& id, const std::string& script) {
    std::vector<std::string> args = {"run", "--rm"};
    for (const char* annotation :
         {"io.kubernetes.cri.container-type=container", "io.kubernetes.cri.container-name=app",
          "io.kubernetes.cri.sandbox-name=web-0", "io.kubernetes.cri.sandbox-namespace=shop",
          "io.kubernetes.cri.sandbox-uid=4cad64d0-7a36-452a-8a08-bd3a694cdad5",
          "io.kubernetes.cri.image-name=localhost/sigtrace-busybox:latest"}) {
      args.insert(args.end(), {"--annotation", annotation});
    }
    for (const char* label : {"io.kubernetes.pod.name=web-0", "io.kubernetes.pod.namespace=shop",
                              "io.kubernetes.container.name=app",
                              "io.kubernetes.pod.uid=4cad64d0-7a36-452a-8a08-bd3a694cdad5"}) {
      args.insert(args.end(), {"--label", label});
    }
    args.insert(args.end(), {kImage, id, "sh", "-c", script});
    return ctr(args);
  }

  RunResult run_podman(const std::string& base, const std::string& script) {
    podman_names_.push_back("st-" + base + "-" + std::to_string(getpid()));
    return run({"/usr/bin/podman", "run", "--rm", "--runtime", "runc", "--name",
                podman_names_.back(), kImage, "sh", "-c", script});
  }

  static Subprocess trace(std::vector<std::string> args) {
    args.insert(args.begin(), sigtrace_binary());
    Subprocess sigtrace = Subprocess::start(args);
    EXPECT_TRUE(sigtrace.wait_for_stderr(kReady)) << sigtrace.err();
    return sigtrace;
  }

  static void stop(Subprocess& sigtrace) {
    sigtrace.send_signal(SIGINT);
    EXPECT_EQ(sigtrace.finish(), 0) << sigtrace.err();
  }

  static std::vector<json> events_of(const Subprocess& sigtrace) {
    std::vector<json> events;
    for (const auto& line : sigtrace.out_lines())
      events.push_back(json::parse(line));
    return events;
  }

  // This test's container's SIGTERMs, among whatever else the host does.
  static std::vector<json> terms_in(const std::vector<json>& events, const std::string& id) {
    std::vector<json> found;
    for (const auto& e : events) {
      if (e["sig"] == "SIGTERM" && e.contains("runtime") && e["runtime"]["containerId"] == id) {
        found.push_back(e);
      }
    }
    return found;
  }

  std::vector<std::string> ids_;
  std::vector<std::string> podman_names_;
};

void expect_pod_container(const json& e, const std::string& id) {
  json runtime = {{"containerName", "app"},
                  {"containerId", id},
                  {"runtimeName", "containerd"},
                  {"containerImageName", kImage}};
  json k8s = {{"namespace", "shop"}, {"podName", "web-0"}, {"containerName", "app"}};
  EXPECT_EQ(e["runtime"], runtime) << e;
  EXPECT_EQ(e["truntime"], runtime) << e;
  EXPECT_EQ(e["k8s"], k8s) << e;
  EXPECT_EQ(e["tk8s"], k8s) << e;
}

TEST_F(Containerd, PodContainerIsNamedWithItsPodOnBothEndsInBothModes) {
  std::string container = id("pod");
  Subprocess generate = trace({"-o", "json", "-s", "TERM"});
  Subprocess kill_only = trace({"-o", "json", "-k", "-s", "TERM"});
  RunResult ran = run_pod_container(container, kKillChild);
  ASSERT_EQ(ran.exit_code, 0) << ran.err;
  stop(generate);
  stop(kill_only);

  auto generated = terms_in(events_of(generate), container);
  auto called = terms_in(events_of(kill_only), container);
  ASSERT_EQ(generated.size(), 1u) << generate.out();
  ASSERT_EQ(called.size(), 1u) << kill_only.out();
  expect_pod_container(generated[0], container);
  expect_pod_container(called[0], container);
  EXPECT_EQ(generated[0]["tnspid"], std::stoi(ran.out));
  EXPECT_EQ(called[0]["tpid"], generated[0]["tpid"]);
}

TEST_F(Containerd, ColumnsShowThePod) {
  std::string container = id("columns");
  Subprocess sigtrace =
      trace({"--fields", "comm,container,k8s.namespace,k8s.pod,tcomm,tcontainer,tk8s.pod,sig", "-s",
             "USR1", "-c", "app"});
  RunResult ran = run_pod_container(container, "trap '' USR1; kill -USR1 $$; sleep 0.5");
  ASSERT_EQ(ran.exit_code, 0) << ran.err;
  stop(sigtrace);

  auto lines = sigtrace.out_lines();
  ASSERT_GE(lines.size(), 2u) << sigtrace.out();
  EXPECT_EQ(words_of(lines[0]),
            (std::vector<std::string>{"COMM", "CONTAINER", "K8S.NAMESPACE", "K8S.POD", "TCOMM",
                                      "TCONTAINER", "TK8S.POD", "SIG"}));
  std::vector<std::string> expected = {"sh", "app", "shop",  "web-0",
                                       "sh", "app", "web-0", "SIGUSR1"};
  bool found = false;
  for (size_t i = 1; i < lines.size(); ++i)
    found = found || words_of(lines[i]) == expected;
  EXPECT_TRUE(found) << sigtrace.out();
}

// Sender and target pod filters keep the pod's container and drop a podman
// container doing the same.
TEST_F(Containerd, PodFiltersKeepThePodAndDropOtherContainers) {
  std::string container = id("filtered");
  Subprocess senders =
      trace({"-o", "json", "-s", "TERM", "--k8s-namespace", "shop", "--k8s-podname", "web-0"});
  Subprocess targets =
      trace({"-o", "json", "-s", "TERM", "--tk8s-namespace", "shop", "--tk8s-podname", "web-0"});
  Subprocess elsewhere = trace({"-o", "json", "-s", "TERM", "--k8s-namespace", "billing"});
  Subprocess unfiltered = trace({"-o", "json", "-s", "TERM"});
  RunResult podman_ran = run_podman("notpod", kKillChild);
  ASSERT_EQ(podman_ran.exit_code, 0) << podman_ran.err;
  RunResult ran = run_pod_container(container, kKillChild);
  ASSERT_EQ(ran.exit_code, 0) << ran.err;
  stop(senders);
  stop(targets);
  stop(elsewhere);
  stop(unfiltered);

  for (const Subprocess* sigtrace : {&senders, &targets}) {
    auto events = events_of(*sigtrace);
    ASSERT_EQ(terms_in(events, container).size(), 1u) << sigtrace->out();
    expect_pod_container(terms_in(events, container)[0], container);
    for (const auto& e : events) {
      const char* side = sigtrace == &senders ? "k8s" : "tk8s";
      ASSERT_TRUE(e.contains(side)) << e;
      EXPECT_EQ(e[side]["namespace"], "shop") << e;
      EXPECT_EQ(e[side]["podName"], "web-0") << e;
    }
  }
  EXPECT_TRUE(terms_in(events_of(elsewhere), container).empty()) << elsewhere.out();
  // What the filters dropped was there to drop.
  bool podman_kill_seen = false;
  for (const auto& e : events_of(unfiltered)) {
    podman_kill_seen = podman_kill_seen || (e.contains("runtime") && e["sig"] == "SIGTERM" &&
                                            e["runtime"]["containerName"] == podman_names_[0]);
  }
  EXPECT_TRUE(podman_kill_seen) << unfiltered.out();
}

// A container ctr runs in containerd's default namespace, no Kubernetes
// about it: its bundle names no image, containerd's API does.
TEST_F(Containerd, PlainContainerIsNamedByItsIdWithTheImageFromTheApi) {
  std::string container = id("plain");
  Subprocess sigtrace = trace({"-o", "json", "-s", "TERM"});
  RunResult ran =
      run({kCtr, "-n", "default", "run", "--rm", kImage, container, "sh", "-c", kKillChild});
  ASSERT_EQ(ran.exit_code, 0) << ran.err;
  stop(sigtrace);

  auto kills = terms_in(events_of(sigtrace), container);
  ASSERT_EQ(kills.size(), 1u) << sigtrace.out();
  json runtime = {{"containerName", container},
                  {"containerId", container},
                  {"runtimeName", "containerd"},
                  {"containerImageName", kImage}};
  EXPECT_EQ(kills[0]["runtime"], runtime) << kills[0];
  EXPECT_EQ(kills[0]["truntime"], runtime) << kills[0];
  EXPECT_FALSE(kills[0].contains("k8s")) << kills[0];
}

// The gRPC client against the real API: labels that only containerd's
// metadata store holds.
TEST_F(Containerd, ApiListsARunningContainersLabelsAndImage) {
  std::string container = id("api");
  RunResult started = ctr({"run", "-d", "--label", "io.kubernetes.pod.name=web-0", "--label",
                           "sigtrace.test=api", kImage, container, "sleep", "30"});
  ASSERT_EQ(started.exit_code, 0) << started.err;
  auto records = containerd_containers("/run/containerd/containerd.sock", "k8s.io",
                                       std::chrono::milliseconds(2000));
  ASSERT_TRUE(records);
  ASSERT_TRUE(records->count(container)) << "the API did not list " << container;
  const ContainerdRecord& record = records->at(container);
  EXPECT_EQ(record.image, kImage);
  EXPECT_EQ(record.labels.at("io.kubernetes.pod.name"), "web-0");
  EXPECT_EQ(record.labels.at("sigtrace.test"), "api");
  auto elsewhere = containerd_containers("/run/containerd/containerd.sock", "no-such-namespace",
                                         std::chrono::milliseconds(2000));
  ASSERT_TRUE(elsewhere);
  EXPECT_TRUE(elsewhere->empty());
}

}  // namespace
}  // namespace sigtrace::testing
