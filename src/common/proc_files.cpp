#include "common/proc_files.h"

#include <dirent.h>
#include <sys/stat.h>

#include <charconv>
#include <fstream>
#include <sstream>

namespace sigtrace {

std::vector<pid_t> numeric_entries(const std::string& dir) {
  std::vector<pid_t> ids;
  DIR* stream = ::opendir(dir.c_str());
  if (!stream) return ids;
  while (dirent* entry = ::readdir(stream)) {
    pid_t id = 0;
    const char* name = entry->d_name;
    auto [end, ec] = std::from_chars(name, name + std::char_traits<char>::length(name), id);
    if (ec == std::errc() && *end == '\0' && id > 0) ids.push_back(id);
  }
  ::closedir(stream);
  return ids;
}

std::optional<uint64_t> inode_of(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  return st.st_ino;
}

std::string read_small_file(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace sigtrace
