// Reading what container runtimes leave behind: cgroup paths, the Engine
// API's answers, podman's and docker's state files.
#include <gtest/gtest.h>

#include "enrich/containers/cgroup_by_id.h"
#include "enrich/containers/cgroup_path.h"
#include "enrich/containers/runtime_sources.h"
#include "enrich/containers/unix_http.h"

namespace sigtrace {
namespace {

const std::string kId = "ed3f2f3d2bd454f1a5e47eb9c09359ffd6268f33624fa408f6b8cc4b9e1ff222";

TEST(CgroupPath, PodmanCgroupfsV1AndV2) {
  std::string text =
      "9:name=systemd:/libpod_parent/libpod-" + kId + "\n0::/libpod_parent/libpod-" + kId + "\n";
  auto found = container_from_cgroup(text);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, kId);
  EXPECT_EQ(found->runtime, "podman");
}

TEST(CgroupPath, SystemdScopes) {
  auto podman = container_from_cgroup("0::/machine.slice/libpod-" + kId + ".scope/container\n");
  ASSERT_TRUE(podman);
  EXPECT_EQ(podman->runtime, "podman");
  auto docker = container_from_cgroup("0::/system.slice/docker-" + kId + ".scope\n");
  ASSERT_TRUE(docker);
  EXPECT_EQ(docker->runtime, "docker");
  auto crio =
      container_from_cgroup("0::/kubepods.slice/kubepods-pod1.slice/crio-" + kId + ".scope\n");
  ASSERT_TRUE(crio);
  EXPECT_EQ(crio->runtime, "cri-o");
  auto containerd = container_from_cgroup(
      "0::/kubepods.slice/kubepods-besteffort.slice/cri-containerd-" + kId + ".scope\n");
  ASSERT_TRUE(containerd);
  EXPECT_EQ(containerd->runtime, "containerd");
  EXPECT_EQ(containerd->id, kId);
}

TEST(CgroupPath, CgroupfsLayouts) {
  auto docker = container_from_cgroup("12:memory:/docker/" + kId + "\n");
  ASSERT_TRUE(docker);
  EXPECT_EQ(docker->runtime, "docker");
  auto kube = container_from_cgroup("0::/kubepods/besteffort/pod0f1e/" + kId + "\n");
  ASSERT_TRUE(kube);
  EXPECT_EQ(kube->runtime, "containerd");
}

TEST(CgroupPath, UsersOwnSubtreeIsMarked) {
  auto rootless = container_from_cgroup(
      "0::/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" + kId + ".scope\n");
  ASSERT_TRUE(rootless);
  EXPECT_TRUE(rootless->user_delegated);
  auto system = container_from_cgroup("0::/machine.slice/libpod-" + kId + ".scope\n");
  ASSERT_TRUE(system);
  EXPECT_FALSE(system->user_delegated);
}

TEST(CgroupPath, NotAContainer) {
  EXPECT_FALSE(container_from_cgroup("0::/user.slice/user-0.slice/session-1.scope\n"));
  EXPECT_FALSE(container_from_cgroup("0::/\n"));
  EXPECT_FALSE(container_from_cgroup(""));
  // conmon watches the container from a cgroup of its own.
  EXPECT_FALSE(container_from_cgroup("0::/machine.slice/libpod-conmon-" + kId + ".scope\n"));
  // Too short, or not lowercase hex.
  EXPECT_FALSE(container_from_cgroup("0::/docker/" + kId.substr(0, 63) + "\n"));
  EXPECT_FALSE(container_from_cgroup("0::/docker/" + std::string(64, 'G') + "\n"));
}

// Lines as /proc/self/mountinfo writes them.
TEST(Cgroup2MountPoint, HybridHostHasItUnderUnified) {
  std::string mountinfo =
      "30 23 0:26 / /sys/fs/cgroup ro,nosuid shared:9 - tmpfs tmpfs ro,mode=755\n"
      "31 30 0:27 / /sys/fs/cgroup/unified rw,nosuid shared:10 - cgroup2 cgroup2 rw\n"
      "32 30 0:28 / /sys/fs/cgroup/systemd rw shared:11 - cgroup cgroup rw,name=systemd\n";
  EXPECT_EQ(cgroup2_mount_point(mountinfo), "/sys/fs/cgroup/unified");
}

TEST(Cgroup2MountPoint, UnifiedHostAndOptionalFields) {
  EXPECT_EQ(cgroup2_mount_point("35 24 0:30 / /sys/fs/cgroup rw shared:9 master:1 - cgroup2 "
                                "cgroup2 rw,nsdelegate\n"),
            "/sys/fs/cgroup");
  EXPECT_EQ(cgroup2_mount_point("35 24 0:30 / /sys/fs/cgroup rw - cgroup2 none rw\n"),
            "/sys/fs/cgroup");
}

TEST(Cgroup2MountPoint, EscapedCharactersAreDecoded) {
  EXPECT_EQ(cgroup2_mount_point("40 1 0:31 / /mnt/my\\040cgroups rw - cgroup2 none rw\n"),
            "/mnt/my cgroups");
  // A backslash not followed by three octal digits is kept as it is.
  EXPECT_EQ(cgroup2_mount_point("40 1 0:31 / /mnt/a\\9 rw - cgroup2 none rw\n"), "/mnt/a\\9");
}

TEST(Cgroup2MountPoint, NoneMountedOrGarbage) {
  EXPECT_EQ(cgroup2_mount_point(""), "");
  EXPECT_EQ(cgroup2_mount_point("22 1 0:21 / /proc rw - proc proc rw\n"), "");
  EXPECT_EQ(cgroup2_mount_point("- cgroup2\n"), "");
  EXPECT_EQ(cgroup2_mount_point("1 2 - cgroup2 none rw\n"), "");
}

TEST(HttpResponse, ContentLengthAndChunked) {
  auto plain = parse_http_response(
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n[]");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->status, 200);
  EXPECT_EQ(plain->body, "[]");
  auto chunked = parse_http_response(
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\n3\r\n[{}\r\n1\r\n]\r\n0\r\n\r\n");
  ASSERT_TRUE(chunked);
  EXPECT_EQ(chunked->body, "[{}]");
  auto missing = parse_http_response("HTTP/1.0 404 Not Found\r\n\r\n");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
}

TEST(HttpResponse, Garbage) {
  EXPECT_FALSE(parse_http_response(""));
  EXPECT_FALSE(parse_http_response("SSH-2.0-OpenSSH\r\n\r\n"));
  EXPECT_FALSE(parse_http_response("HTTP/1.1 200 OK\r\n"));
  EXPECT_FALSE(
      parse_http_response("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n"));
  EXPECT_FALSE(
      parse_http_response("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nab\r\n"));
}

TEST(EngineApiList, DockerAndPodmanShapes) {
  ContainerNames names;
  parse_engine_api_list(R"([{"Id":")" + kId + R"(","Names":["/web"],"Image":"nginx:1.25"},
                           {"Id":"abc","Names":[]},{"Names":["/noid"]},42])",
                        "docker", names);
  ASSERT_EQ(names.size(), 1u);
  EXPECT_EQ(names[kId].name, "web");
  EXPECT_EQ(names[kId].image, "nginx:1.25");
  EXPECT_EQ(names[kId].runtime, "docker");
  ContainerNames nothing;
  parse_engine_api_list("{not json", "podman", nothing);
  parse_engine_api_list(R"({"message":"page not found"})", "podman", nothing);
  EXPECT_TRUE(nothing.empty());
}

TEST(PodmanStorage, NamesAndImageFromMetadata) {
  ContainerNames names;
  parse_podman_storage(R"([{"id":")" + kId + R"(","names":["db"],"image":"3f15",
      "metadata":"{\"image-name\":\"localhost/pg:16\",\"name\":\"db\"}"},
      {"id":"x","names":"notalist"}])",
                       names);
  ASSERT_EQ(names.size(), 1u);
  EXPECT_EQ(names[kId].name, "db");
  EXPECT_EQ(names[kId].image, "localhost/pg:16");
  EXPECT_EQ(names[kId].runtime, "podman");
}

TEST(PodmanStorage, TheApiWinsOverTheFile) {
  ContainerNames names;
  names[kId] = {"from-api", "img", "podman"};
  parse_podman_storage(R"([{"id":")" + kId + R"(","names":["from-file"]}])", names);
  EXPECT_EQ(names[kId].name, "from-api");
}

TEST(DockerState, ConfigV2) {
  ContainerNames names;
  parse_docker_config(R"({"Name":"/cache","Config":{"Image":"redis:7"},"State":{"Pid":42}})", kId,
                      names);
  EXPECT_EQ(names[kId].name, "cache");
  EXPECT_EQ(names[kId].image, "redis:7");
  EXPECT_EQ(names[kId].runtime, "docker");
  ContainerNames broken;
  parse_docker_config("", kId, broken);
  EXPECT_TRUE(broken.empty());
}

}  // namespace
}  // namespace sigtrace
