#include "enrich/containers/cgroup_path.h"

#include <array>
#include <cctype>

namespace sigtrace {
namespace {

constexpr size_t kIdLength = 64;

struct Marker {
  std::string_view prefix;  // what precedes the id in a path component
  std::string_view runtime;
};

// Longer prefixes first: "cri-containerd-" must win over a bare "-".
constexpr std::array<Marker, 6> kMarkers = {{
    {"libpod-conmon-", ""},  // conmon's own cgroup: not the container
    {"libpod-", "podman"},
    {"cri-containerd-", "containerd"},
    {"crio-", "cri-o"},
    {"docker-", "docker"},
    {"docker/", "docker"},
}};

bool is_hex_id(std::string_view text) {
  if (text.size() < kIdLength) return false;
  for (size_t i = 0; i < kIdLength; ++i) {
    if (!std::isxdigit(static_cast<unsigned char>(text[i])) ||
        std::isupper(static_cast<unsigned char>(text[i]))) {
      return false;
    }
  }
  return text.size() == kIdLength || text[kIdLength] == '.' || text[kIdLength] == '/' ||
         text[kIdLength] == '\n';
}

// Kubernetes with the cgroupfs driver: .../kubepods/.../pod<uid>/<id>.
std::optional<CgroupContainer> find_bare_kubernetes_id(std::string_view line) {
  if (line.find("/kubepods") == std::string_view::npos) return std::nullopt;
  size_t slash = line.rfind('/');
  if (slash == std::string_view::npos) return std::nullopt;
  std::string_view last = line.substr(slash + 1);
  if (last.size() != kIdLength || !is_hex_id(last)) return std::nullopt;
  return CgroupContainer{std::string(last), "containerd"};
}

std::optional<CgroupContainer> find_in_line(std::string_view line) {
  if (auto bare = find_bare_kubernetes_id(line)) return bare;
  bool delegated = line.find("/user@") != std::string_view::npos;
  for (size_t at = 0; at < line.size(); ++at) {
    for (const auto& marker : kMarkers) {
      if (line.substr(at, marker.prefix.size()) != marker.prefix) continue;
      std::string_view rest = line.substr(at + marker.prefix.size());
      if (!is_hex_id(rest)) continue;
      if (marker.runtime.empty()) return std::nullopt;
      return CgroupContainer{std::string(rest.substr(0, kIdLength)), std::string(marker.runtime),
                             delegated};
    }
  }
  return std::nullopt;
}

template <typename Found>
auto first_line_where(std::string_view cgroup_file, Found found) -> decltype(found("")) {
  while (!cgroup_file.empty()) {
    size_t end = cgroup_file.find('\n');
    if (auto result = found(cgroup_file.substr(0, end))) return result;
    if (end == std::string_view::npos) break;
    cgroup_file.remove_prefix(end + 1);
  }
  return {};
}

// "4:memory:/k8s.io/web" -> "/k8s.io/web".
std::string_view path_of_line(std::string_view line) {
  size_t first = line.find(':');
  size_t second = first == std::string_view::npos ? first : line.find(':', first + 1);
  return second == std::string_view::npos ? std::string_view() : line.substr(second + 1);
}

}  // namespace

std::optional<CgroupContainer> container_from_cgroup(std::string_view cgroup_file) {
  return first_line_where(cgroup_file, find_in_line);
}

bool cgroup_file_lists(std::string_view cgroup_file, std::string_view path) {
  if (path.empty()) return false;
  return first_line_where(cgroup_file,
                          [&](std::string_view line) { return path_of_line(line) == path; });
}

}  // namespace sigtrace
