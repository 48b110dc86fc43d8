#include "count/count_key.h"

#include <algorithm>

#include "common/error.h"

namespace sigtrace {

std::vector<Field> default_count_key(Mode mode, bool with_containers, bool with_fate) {
  std::vector<Field> key;
  if (with_containers) key.push_back(Field::kContainer);
  key.push_back(Field::kComm);
  if (with_containers) key.push_back(Field::kTcontainer);
  key.push_back(Field::kTcomm);
  key.push_back(Field::kSig);
  key.push_back(mode == Mode::kKillOnly ? Field::kError : Field::kResult);
  key.push_back(Field::kVia);
  if (with_fate) key.push_back(Field::kFate);
  return key;
}

std::vector<Field> parse_count_key(std::string_view list, Mode mode) {
  std::vector<Field> key = parse_field_list(list, mode);
  if (std::find(key.begin(), key.end(), Field::kTime) != key.end()) {
    throw UsageError("field 'time' cannot be counted by: every event would be a row of its own");
  }
  return key;
}

}  // namespace sigtrace
