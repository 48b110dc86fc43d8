#include "inspect/abstract_state.h"

#include <algorithm>
#include <functional>

namespace sigtrace::inspect {
namespace {

bool carries_maps(ValueKind kind) {
  return kind == ValueKind::kMapPtr || kind == ValueKind::kMapValue || kind == ValueKind::kInnerMap;
}

bool is_pointer(ValueKind kind) {
  return carries_maps(kind) || kind == ValueKind::kStackPtr || kind == ValueKind::kFuncPtr;
}

bool is_null(const Value& value) {
  return value.kind == ValueKind::kScalar && value.number == 0;
}

}  // namespace

MapSet MapSet::of(uint32_t id) {
  MapSet set;
  set.ids[0] = id;
  set.count = 1;
  return set;
}

MapSet MapSet::merged(const MapSet& other) const {
  MapSet result;
  result.overflow = overflow || other.overflow;
  size_t i = 0;
  size_t j = 0;
  auto add = [&result](uint32_t id) {
    if (result.count == kCapacity) {
      result.overflow = true;
      return;
    }
    result.ids[result.count++] = id;
  };
  while (i < count || j < other.count) {
    if (j == other.count || (i < count && ids[i] < other.ids[j])) {
      add(ids[i++]);
    } else if (i == count || other.ids[j] < ids[i]) {
      add(other.ids[j++]);
    } else {
      add(ids[i++]);
      ++j;
    }
  }
  return result;
}

Value join(const Value& a, const Value& b) {
  if (a == b) return a;
  if (a.kind == ValueKind::kUninit) return b;
  if (b.kind == ValueKind::kUninit) return a;
  // NULL on one path, a pointer on the other (`event = NULL; if (...) event
  // = lookup()`): the verifier lets no NULL reach a helper that needs a map
  // or a record, so where that matters, the pointer is what arrives.
  if (is_null(a) && is_pointer(b.kind)) return b;
  if (is_null(b) && is_pointer(a.kind)) return a;
  if (a.kind == b.kind && carries_maps(a.kind))
    return Value::of_maps(a.kind, a.maps.merged(b.maps));
  if (a.may_point_to_stack() || b.may_point_to_stack()) return Value::unknown();
  return Value::other();
}

size_t hash_value(const Value& value) {
  size_t hash = std::hash<int64_t>()(value.number);
  auto mix = [&hash](uint64_t part) { hash = hash * 1000003u ^ std::hash<uint64_t>()(part); };
  mix(static_cast<uint64_t>(value.kind));
  mix(value.frame);
  mix(value.maps.count);
  mix(value.maps.overflow);
  for (size_t i = 0; i < value.maps.count; ++i)
    mix(value.maps.ids[i]);
  return hash;
}

bool join_into(AbstractState& into, const AbstractState& from) {
  bool changed = false;
  auto join_each = [&changed](auto& targets, const auto& sources) {
    for (size_t i = 0; i < targets.size(); ++i) {
      Value joined = join(targets[i], sources[i]);
      if (joined != targets[i]) {
        targets[i] = joined;
        changed = true;
      }
    }
  };
  join_each(into.regs, from.regs);
  join_each(into.stack, from.stack);
  return changed;
}

}  // namespace sigtrace::inspect
