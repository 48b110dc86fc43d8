// Waking up when a container runtime creates or removes a container, so
// that the registry learns of a new container before its first process runs
// rather than at the next periodic scan.
#pragma once

#include <string>
#include <vector>

#include "common/unique_fd.h"

namespace sigtrace {

class RuntimeWatch {
 public:
  // Watches whichever of the runtimes' state directories exist.
  RuntimeWatch();
  // roots: directories whose every subdirectory is watched as one of
  // `directories` (containerd's state, one subdirectory per namespace).
  explicit RuntimeWatch(std::vector<std::string> directories, std::vector<std::string> roots = {});

  // Readable when something changed; for the event loop to wait on.
  int fd() const { return inotify_.get(); }
  // Empties the queue; true when something changed since the last call.
  bool changed();
  // Watches directories that appeared since (a runtime's first container,
  // a containerd namespace's first task).
  void add_new_directories();

 private:
  // runc and crun create a directory per container, then write its
  // state.json once the container's first process exists (still waiting to
  // run the container's command): watching each new directory catches that.
  void watch_container_directory(int parent_watch, const char* name);
  void add_subdirectories_of_roots();

  UniqueFd inotify_;
  std::vector<std::string> directories_;
  std::vector<int> watches_;  // -1: not watched (yet)
  std::vector<std::string> roots_;
  std::vector<int> root_watches_;
};

}  // namespace sigtrace
