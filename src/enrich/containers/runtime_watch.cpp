#include "enrich/containers/runtime_watch.h"

#include <dirent.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>

namespace sigtrace {
namespace {

// Where runc and crun (under podman, docker, containerd, CRI-O) keep one
// directory per container, and where podman and docker record names.
std::vector<std::string> default_directories() {
  return {
      "/run/runc",
      "/run/crun",
      "/run/docker/runtime-runc/moby",
      "/run/containerd/runc/k8s.io",
      "/run/containerd/runc/default",
      "/var/lib/containers/storage/overlay-containers",
      "/var/lib/docker/containers",
  };
}

// containerd keeps a directory per namespace, each with a bundle per task.
std::vector<std::string> default_roots() {
  return {"/run/containerd/io.containerd.runtime.v2.task"};
}

constexpr uint32_t kMask = IN_CREATE | IN_DELETE | IN_MOVED_TO | IN_CLOSE_WRITE;

}  // namespace

RuntimeWatch::RuntimeWatch() : RuntimeWatch(default_directories(), default_roots()) {}

RuntimeWatch::RuntimeWatch(std::vector<std::string> directories, std::vector<std::string> roots)
    : inotify_(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC)),
      directories_(std::move(directories)),
      watches_(directories_.size(), -1),
      roots_(std::move(roots)),
      root_watches_(roots_.size(), -1) {
  add_new_directories();
}

void RuntimeWatch::add_subdirectories_of_roots() {
  for (size_t i = 0; i < roots_.size(); ++i) {
    if (root_watches_[i] < 0)
      root_watches_[i] = ::inotify_add_watch(inotify_.get(), roots_[i].c_str(), kMask);
    DIR* stream = ::opendir(roots_[i].c_str());
    if (!stream) continue;
    while (dirent* entry = ::readdir(stream)) {
      std::string name = entry->d_name;
      if (entry->d_type != DT_DIR || name == "." || name == "..") continue;
      std::string path = roots_[i] + "/" + name;
      if (std::find(directories_.begin(), directories_.end(), path) != directories_.end()) continue;
      directories_.push_back(std::move(path));
      watches_.push_back(-1);
    }
    ::closedir(stream);
  }
}

void RuntimeWatch::add_new_directories() {
  if (!inotify_.valid()) return;
  add_subdirectories_of_roots();
  for (size_t i = 0; i < directories_.size(); ++i) {
    if (watches_[i] < 0) {
      watches_[i] = ::inotify_add_watch(inotify_.get(), directories_[i].c_str(), kMask);
    }
  }
}

void RuntimeWatch::watch_container_directory(int parent_watch, const char* name) {
  for (size_t i = 0; i < directories_.size(); ++i) {
    if (watches_[i] != parent_watch) continue;
    std::string path = directories_[i] + "/" + name;
    ::inotify_add_watch(inotify_.get(), path.c_str(), IN_MOVED_TO | IN_CLOSE_WRITE | IN_ONLYDIR);
    return;
  }
}

bool RuntimeWatch::changed() {
  if (!inotify_.valid()) return false;
  bool any = false;
  alignas(inotify_event) char buffer[8192];
  ssize_t length;
  while ((length = ::read(inotify_.get(), buffer, sizeof(buffer))) > 0) {
    any = true;
    for (ssize_t at = 0; at < length;) {
      const auto* event = reinterpret_cast<const inotify_event*>(buffer + at);
      if ((event->mask & IN_CREATE) && (event->mask & IN_ISDIR) && event->len > 0) {
        watch_container_directory(event->wd, event->name);
      }
      at += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
    }
  }
  return any;
}

}  // namespace sigtrace
