// containerd's state as it is on disk: bundle config.json files shaped as
// the CRI plugin and ctr write them, a runtime v2 state directory built in
// a temporary directory, the cgroups ctr gives its tasks, and choosing
// signals by pod.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "enrich/containers/cgroup_path.h"
#include "enrich/containers/containerd_state.h"
#include "select/container_selection.h"

namespace sigtrace {
namespace {

const std::string kCriId = "5f0c1a6f3e2b4d7a9c8e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e";
const std::string kSandboxId = "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";

// What the CRI plugin writes for a pod's container (systemd cgroup driver),
// cut to the parts that matter and a few that do not.
std::string cri_container_config() {
  return R"({
  "ociVersion": "1.1.0",
  "process": {"user": {"uid": 0, "gid": 0}, "args": ["nginx", "-g", "daemon off;"], "cwd": "/"},
  "root": {"path": "rootfs"},
  "annotations": {
    "io.kubernetes.cri.container-name": "app",
    "io.kubernetes.cri.container-type": "container",
    "io.kubernetes.cri.image-name": "docker.io/library/nginx:1.25",
    "io.kubernetes.cri.sandbox-id": ")" +
         kSandboxId + R"(",
    "io.kubernetes.cri.sandbox-name": "web-0",
    "io.kubernetes.cri.sandbox-namespace": "shop",
    "io.kubernetes.cri.sandbox-uid": "4cad64d0-7a36-452a-8a08-bd3a694cdad5"
  },
  "linux": {
    "cgroupsPath": "kubepods-besteffort-pod4cad64d0_7a36_452a_8a08_bd3a694cdad5.slice:cri-containerd:)" +
         kCriId + R"(",
    "namespaces": [{"type": "pid"}, {"type": "mount"}, {"type": "network", "path": "/var/run/netns/cni-1"}]
  }
})";
}

// The pod's sandbox (pause) container: a pod's names, no container name.
std::string cri_sandbox_config() {
  return R"({"ociVersion": "1.1.0", "annotations": {
    "io.kubernetes.cri.container-type": "sandbox",
    "io.kubernetes.cri.sandbox-id": ")" +
         kSandboxId + R"(",
    "io.kubernetes.cri.sandbox-log-directory": "/var/log/pods/shop_web-0_4cad64d0",
    "io.kubernetes.cri.sandbox-name": "web-0",
    "io.kubernetes.cri.sandbox-namespace": "shop"},
    "linux": {"cgroupsPath": "kubepods-besteffort-pod4cad.slice:cri-containerd:)" +
         kSandboxId + R"("}})";
}

// What `ctr -n k8s.io run --label ...` wrote (containerd 1.6): the labels
// copied into the annotations, the cgroup named by namespace and id.
const char* kCtrConfig = R"({
  "ociVersion": "1.0.2-dev",
  "process": {"args": ["sleep", "60"], "cwd": "/", "noNewPrivileges": true},
  "root": {"path": "rootfs"},
  "annotations": {
    "io.kubernetes.container.name": "app",
    "io.kubernetes.pod.name": "web-0",
    "io.kubernetes.pod.namespace": "shop"
  },
  "linux": {"cgroupsPath": "/k8s.io/st-probe1",
            "namespaces": [{"type": "pid"}, {"type": "ipc"}, {"type": "uts"}, {"type": "mount"},
                           {"type": "network"}]}
})";

TEST(ContainerdBundle, CriAnnotationsNameThePodsContainer) {
  auto task = parse_containerd_bundle(cri_container_config(), "k8s.io", kCriId);
  ASSERT_TRUE(task);
  EXPECT_EQ(task->id, kCriId);
  EXPECT_EQ(task->ns, "k8s.io");
  EXPECT_EQ(task->named.name, "app");
  EXPECT_EQ(task->named.runtime, "containerd");
  EXPECT_EQ(task->named.image, "docker.io/library/nginx:1.25");
  EXPECT_EQ(task->named.k8s.pod_namespace, "shop");
  EXPECT_EQ(task->named.k8s.pod, "web-0");
  EXPECT_EQ(task->named.k8s.container, "app");
  EXPECT_EQ(task->cgroups_path.rfind("kubepods-besteffort-pod", 0), 0u);
}

TEST(ContainerdBundle, SandboxHasThePodButNoContainerName) {
  auto task = parse_containerd_bundle(cri_sandbox_config(), "k8s.io", kSandboxId);
  ASSERT_TRUE(task);
  EXPECT_EQ(task->named.name, kSandboxId.substr(0, 12));
  EXPECT_EQ(task->named.k8s.pod, "web-0");
  EXPECT_EQ(task->named.k8s.pod_namespace, "shop");
  EXPECT_EQ(task->named.k8s.container, "");
  EXPECT_EQ(task->named.image, "");
}

TEST(ContainerdBundle, KubeletLabelsCopiedByCtr) {
  auto task = parse_containerd_bundle(kCtrConfig, "k8s.io", "st-probe1");
  ASSERT_TRUE(task);
  EXPECT_EQ(task->named.name, "app");
  EXPECT_EQ(task->named.k8s.pod_namespace, "shop");
  EXPECT_EQ(task->named.k8s.pod, "web-0");
  EXPECT_EQ(task->cgroups_path, "/k8s.io/st-probe1");
  EXPECT_EQ(task->named.image, "");  // only containerd's metadata has it
}

TEST(ContainerdBundle, PlainTaskIsNamedByItsId) {
  auto task = parse_containerd_bundle(R"({"ociVersion":"1.0.2-dev","linux":{}})", "default", "db");
  ASSERT_TRUE(task);
  EXPECT_EQ(task->named.name, "db");
  EXPECT_TRUE(task->named.k8s.empty());
  EXPECT_EQ(task->cgroups_path, "");
}

TEST(ContainerdBundle, BrokenOrOddlyTyped) {
  EXPECT_FALSE(parse_containerd_bundle("", "default", "x"));
  EXPECT_FALSE(parse_containerd_bundle("{\"ociVersion\":", "default", "x"));
  EXPECT_FALSE(parse_containerd_bundle("[]", "default", "x"));
  auto odd = parse_containerd_bundle(
      R"({"annotations":{"io.kubernetes.cri.container-name":7,"io.kubernetes.container.name":"b",
          "io.kubernetes.cri.sandbox-name":""},"linux":{"cgroupsPath":["/x"]}})",
      "default", "x");
  ASSERT_TRUE(odd);
  EXPECT_EQ(odd->named.name, "b");  // the label stands in for a non-string annotation
  EXPECT_EQ(odd->named.k8s.pod, "");
  EXPECT_EQ(odd->cgroups_path, "");
  EXPECT_TRUE(parse_containerd_bundle(R"({"annotations":"none"})", "default", "y"));
}

TEST(CgroupPath, ListsExactlyThisCgroup) {
  std::string hybrid =
      "9:name=systemd:/k8s.io/st-probe1\n4:memory:/k8s.io/st-probe1\n0::/k8s.io/st-probe1\n";
  EXPECT_TRUE(cgroup_file_lists(hybrid, "/k8s.io/st-probe1"));
  EXPECT_TRUE(cgroup_file_lists("0::/default/db\n", "/default/db"));
  EXPECT_FALSE(cgroup_file_lists(hybrid, "/k8s.io/st-probe"));
  EXPECT_FALSE(cgroup_file_lists("0::/k8s.io/st-probe1/child\n", "/k8s.io/st-probe1"));
  EXPECT_FALSE(cgroup_file_lists(hybrid, ""));
  EXPECT_FALSE(cgroup_file_lists("", "/k8s.io/st-probe1"));
  EXPECT_FALSE(cgroup_file_lists("garbage", "garbage"));
}

// A runtime v2 state directory of real files, removed afterwards.
class ContainerdStateDirectory : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/sigtrace-containerd-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    root_ = pattern;
  }
  void TearDown() override { std::system(("rm -rf '" + root_ + "'").c_str()); }

  void bundle(const std::string& ns, const std::string& id, const std::string& config,
              const std::string& init_pid = "") {
    ::mkdir((root_ + "/" + ns).c_str(), 0700);
    std::string dir = root_ + "/" + ns + "/" + id;
    ::mkdir(dir.c_str(), 0700);
    if (!config.empty()) write(dir + "/config.json", config);
    if (!init_pid.empty()) write(dir + "/init.pid", init_pid);
  }
  static void write(const std::string& path, const std::string& text) {
    std::ofstream(path) << text;
  }

  std::string root_;
};

TEST_F(ContainerdStateDirectory, EveryNamespacesTasksWithTheirInitPids) {
  bundle("k8s.io", kCriId, cri_container_config(), "4242");
  bundle("default", "db", R"({"ociVersion":"1.0.2-dev"})");
  ContainerdState state(root_);
  state.refresh();
  ASSERT_EQ(state.tasks().size(), 2u);
  for (const auto& task : state.tasks()) {
    if (task.ns == "k8s.io") {
      EXPECT_EQ(task.named.name, "app");
      EXPECT_EQ(task.init_pid, 4242);
    } else {
      EXPECT_EQ(task.id, "db");
      EXPECT_EQ(task.init_pid, 0);  // the shim has not written it yet
    }
  }
  EXPECT_TRUE(state.serves_kubernetes());
  // The shim writes init.pid once the task's process exists.
  write(root_ + "/default/db/init.pid", "77\n");
  state.refresh();
  for (const auto& task : state.tasks()) {
    if (task.id == "db") {
      EXPECT_EQ(task.init_pid, 77);
    }
  }
}

TEST_F(ContainerdStateDirectory, BundleBeingCreatedAndTasksGone) {
  bundle("default", "early", "");  // config.json not written yet
  ContainerdState state(root_);
  state.refresh();
  EXPECT_TRUE(state.tasks().empty());
  EXPECT_FALSE(state.serves_kubernetes());
  write(root_ + "/default/early/config.json", kCtrConfig);
  state.refresh();
  ASSERT_EQ(state.tasks().size(), 1u);
  EXPECT_EQ(state.tasks()[0].named.k8s.pod, "web-0");
  std::system(("rm -rf '" + root_ + "/default/early'").c_str());
  state.refresh();
  EXPECT_TRUE(state.tasks().empty());
  ContainerdState missing(root_ + "/nonexistent");
  missing.refresh();
  EXPECT_TRUE(missing.tasks().empty());
}

TEST(PodChoice, NamespaceAndPodBothMatchWhenBothGiven) {
  KubernetesNames web{"shop", "web-0", "app"};
  KubernetesNames db{"shop", "db-0", "pg"};
  KubernetesNames other{"billing", "web-0", "app"};
  PodChoice by_namespace{{"shop"}, {}};
  EXPECT_TRUE(by_namespace.matches(web));
  EXPECT_TRUE(by_namespace.matches(db));
  EXPECT_FALSE(by_namespace.matches(other));
  PodChoice both{{"shop"}, {"web-0"}};
  EXPECT_TRUE(both.matches(web));
  EXPECT_FALSE(both.matches(db));
  EXPECT_FALSE(both.matches(other));
  EXPECT_FALSE(both.matches(KubernetesNames{}));
}

// keeps() on events placed by hand: pods on either end, and an unknown
// place that no filter mistakes for the host or for a container.
TEST(ContainerSelection, PodsOnEitherEndAndUnknownPlaces) {
  Container web;
  web.name = "app";
  web.runtime = "containerd";
  web.k8s = {"shop", "web-0", "app"};
  Container podman_one;
  podman_one.name = "st-other";
  podman_one.runtime = "podman";
  sigtrace_event record{};
  EnrichedEvent event;
  event.record = &record;
  auto keeps = [&](const ContainerChoice& choice, ContainerPlace sender, ContainerPlace target) {
    event.sender_place = sender;
    event.target_place = target;
    return ContainerSelection(choice).keeps(event);
  };
  ContainerChoice by_pod;
  by_pod.pods = {{"shop"}, {"web-0"}};
  EXPECT_TRUE(keeps(by_pod, ContainerPlace::of(&web), ContainerPlace::of(nullptr)));
  EXPECT_FALSE(keeps(by_pod, ContainerPlace::of(&podman_one), ContainerPlace::of(&web)));
  EXPECT_FALSE(keeps(by_pod, ContainerPlace::of(nullptr), ContainerPlace::of(&web)));
  EXPECT_FALSE(keeps(by_pod, ContainerPlace::unknown(), ContainerPlace::of(&web)));
  ContainerChoice to_pod;
  to_pod.target_pods = {{"shop"}, {}};
  EXPECT_TRUE(keeps(to_pod, ContainerPlace::of(nullptr), ContainerPlace::of(&web)));
  EXPECT_FALSE(keeps(to_pod, ContainerPlace::of(&web), ContainerPlace::unknown()));
  ContainerChoice host;
  host.host_only = true;
  EXPECT_TRUE(keeps(host, ContainerPlace::of(nullptr), ContainerPlace::unknown()));
  EXPECT_FALSE(keeps(host, ContainerPlace::unknown(), ContainerPlace::of(nullptr)));
  ContainerChoice to_name;
  to_name.target_names = {"app"};
  EXPECT_TRUE(keeps(to_name, ContainerPlace::unknown(), ContainerPlace::of(&web)));
  EXPECT_FALSE(keeps(to_name, ContainerPlace::of(&web), ContainerPlace::unknown()));
}

}  // namespace
}  // namespace sigtrace
