#include "common/comma_list.h"

namespace sigtrace {

std::vector<std::string_view> split_list(std::string_view list) {
  std::vector<std::string_view> entries;
  while (true) {
    size_t comma = list.find(',');
    entries.push_back(list.substr(0, comma));
    if (comma == std::string_view::npos) return entries;
    list.remove_prefix(comma + 1);
  }
}

}  // namespace sigtrace
