// Where container names and images come from: the Docker-compatible Engine
// API of podman and docker when their sockets answer, else the state files
// the runtimes keep on disk.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "model/container.h"

namespace sigtrace {

struct NamedContainer {
  std::string name;
  std::string image;
  std::string runtime;  // "podman", "docker", "containerd"
  KubernetesNames k8s;
};

// By full container id.
using ContainerNames = std::map<std::string, NamedContainer>;

struct RuntimePaths {
  std::string podman_socket = "/run/podman/podman.sock";
  std::string docker_socket = "/run/docker.sock";
  std::string podman_storage = "/var/lib/containers/storage/overlay-containers/containers.json";
  std::string docker_containers = "/var/lib/docker/containers";
  // containerd's runtime v2 state: <namespace>/<task id>/ bundles.
  std::string containerd_tasks = "/run/containerd/io.containerd.runtime.v2.task";
  std::string containerd_socket = "/run/containerd/containerd.sock";
};

// GET /containers/json on one Engine API socket; false when nothing answers.
bool names_from_engine_api(const std::string& socket, const std::string& runtime,
                           ContainerNames& names);

// podman's (containers/storage) containers.json.
void names_from_podman_storage(const std::string& path, ContainerNames& names);

// docker's <dir>/<id>/config.v2.json files.
void names_from_docker_state(const std::string& dir, ContainerNames& names);

// What the Engine API sockets that answer say.
ContainerNames names_from_engine_apis(const RuntimePaths& paths);
// Adds what the state files name and `names` does not have yet.
void add_names_from_state_files(const RuntimePaths& paths, ContainerNames& names);

// Parsers, exposed for tests.
void parse_engine_api_list(const std::string& json, const std::string& runtime,
                           ContainerNames& names);
void parse_podman_storage(const std::string& json, ContainerNames& names);
void parse_docker_config(const std::string& json, const std::string& id, ContainerNames& names);

}  // namespace sigtrace
