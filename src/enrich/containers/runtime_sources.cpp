#include "enrich/containers/runtime_sources.h"

#include <dirent.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "enrich/containers/unix_http.h"

namespace sigtrace {
namespace {

using nlohmann::json;

// A scan runs in the event loop: a socket that does not answer this fast
// waits for the next scan.
constexpr std::chrono::milliseconds kApiTimeout{200};

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string string_at(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// "/web" -> "web": the Engine API and docker's files keep a leading slash.
std::string without_slash(std::string name) {
  if (!name.empty() && name.front() == '/') name.erase(0, 1);
  return name;
}

}  // namespace

void parse_engine_api_list(const std::string& text, const std::string& runtime,
                           ContainerNames& names) {
  json list = json::parse(text, nullptr, false);
  if (!list.is_array()) return;
  for (const auto& entry : list) {
    if (!entry.is_object()) continue;
    std::string id = string_at(entry, "Id");
    auto names_it = entry.find("Names");
    if (id.empty() || names_it == entry.end() || !names_it->is_array() || names_it->empty() ||
        !(*names_it)[0].is_string()) {
      continue;
    }
    names[id] = {
        without_slash((*names_it)[0].get<std::string>()), string_at(entry, "Image"), runtime, {}};
  }
}

void parse_podman_storage(const std::string& text, ContainerNames& names) {
  json list = json::parse(text, nullptr, false);
  if (!list.is_array()) return;
  for (const auto& entry : list) {
    if (!entry.is_object()) continue;
    std::string id = string_at(entry, "id");
    auto names_it = entry.find("names");
    if (id.empty() || names.count(id) || names_it == entry.end() || !names_it->is_array() ||
        names_it->empty() || !(*names_it)[0].is_string()) {
      continue;
    }
    // The image's name sits in a JSON document inside a string.
    json metadata = json::parse(string_at(entry, "metadata"), nullptr, false);
    std::string image = metadata.is_object() ? string_at(metadata, "image-name") : "";
    names[id] = {(*names_it)[0].get<std::string>(), image, "podman", {}};
  }
}

void parse_docker_config(const std::string& text, const std::string& id, ContainerNames& names) {
  json config = json::parse(text, nullptr, false);
  if (!config.is_object() || names.count(id)) return;
  std::string image;
  auto inner = config.find("Config");
  if (inner != config.end() && inner->is_object()) image = string_at(*inner, "Image");
  names[id] = {without_slash(string_at(config, "Name")), image, "docker", {}};
}

bool names_from_engine_api(const std::string& socket, const std::string& runtime,
                           ContainerNames& names) {
  auto response = http_get_unix(socket, "/containers/json", kApiTimeout);
  if (!response || response->status != 200) return false;
  parse_engine_api_list(response->body, runtime, names);
  return true;
}

void names_from_podman_storage(const std::string& path, ContainerNames& names) {
  parse_podman_storage(read_file(path), names);
}

void names_from_docker_state(const std::string& dir, ContainerNames& names) {
  DIR* containers = ::opendir(dir.c_str());
  if (!containers) return;
  while (dirent* entry = ::readdir(containers)) {
    std::string id = entry->d_name;
    if (id.size() != 64) continue;
    parse_docker_config(read_file(dir + "/" + id + "/config.v2.json"), id, names);
  }
  ::closedir(containers);
}

ContainerNames names_from_engine_apis(const RuntimePaths& paths) {
  ContainerNames names;
  names_from_engine_api(paths.podman_socket, "podman", names);
  names_from_engine_api(paths.docker_socket, "docker", names);
  return names;
}

void add_names_from_state_files(const RuntimePaths& paths, ContainerNames& names) {
  names_from_podman_storage(paths.podman_storage, names);
  names_from_docker_state(paths.docker_containers, names);
}

}  // namespace sigtrace
