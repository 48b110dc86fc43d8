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
  // Most events in a row come from the same user: skip the hashing.
  const std::pair<const uid_t, std::string>* last_user_ = nullptr;
  const std::pair<const gid_t, std::string>* last_group_ = nullptr;
};

}  // namespace sigtrace
