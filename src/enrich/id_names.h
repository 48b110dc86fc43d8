// User and group names of the host, looked up once per id.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>
#include <unordered_map>

namespace sigtrace {

class IdNames {
 public:
  // Empty when the host has no such user/group.
  std::string_view user(uid_t uid);
  std::string_view group(gid_t gid);

 private:
  std::unordered_map<uid_t, std::string> users_;
  std::unordered_map<gid_t, std::string> groups_;
};

}  // namespace sigtrace
