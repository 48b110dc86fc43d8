#include "enrich/id_names.h"

#include <grp.h>
#include <pwd.h>

#include <cerrno>
#include <vector>

namespace sigtrace {
namespace {

// getpwuid_r/getgrgid_r with a buffer that grows until the entry fits.
template <typename Entry, typename Lookup>
std::string name_of(Lookup lookup, char* Entry::*name) {
  Entry entry{};
  Entry* found = nullptr;
  for (size_t size = 1024; size <= (size_t{1} << 20); size *= 4) {
    std::vector<char> buffer(size);
    int err = lookup(&entry, buffer.data(), buffer.size(), &found);
    if (err == ERANGE) continue;
    return err == 0 && found ? std::string(entry.*name) : std::string();
  }
  return {};
}

std::string lookup_user(uid_t uid) {
  return name_of<passwd>([uid](passwd* entry, char* buf, size_t size,
                               passwd** found) { return getpwuid_r(uid, entry, buf, size, found); },
                         &passwd::pw_name);
}

std::string lookup_group(gid_t gid) {
  return name_of<group>([gid](group* entry, char* buf, size_t size,
                              group** found) { return getgrgid_r(gid, entry, buf, size, found); },
                        &group::gr_name);
}

}  // namespace

std::string_view IdNames::user(uid_t uid) {
  if (last_user_ && last_user_->first == uid) return last_user_->second;
  auto it = users_.find(uid);
  if (it == users_.end()) it = users_.emplace(uid, lookup_user(uid)).first;
  last_user_ = &*it;  // node addresses stay put in an unordered_map
  return it->second;
}

std::string_view IdNames::group(gid_t gid) {
  if (last_group_ && last_group_->first == gid) return last_group_->second;
  auto it = groups_.find(gid);
  if (it == groups_.end()) it = groups_.emplace(gid, lookup_group(gid)).first;
  last_group_ = &*it;
  return it->second;
}

}  // namespace sigtrace
