// What the analysis knows about each register and stack slot at one point of
// a function: enough to tell which map a helper call touches, never more
// than it can prove. Joining two paths keeps what both agree on.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "inspect/bpf_insn.h"

namespace sigtrace::inspect {

// A few candidate maps, sorted. `overflow` means more maps were possible than
// fit; the set then names none of them with certainty.
struct MapSet {
  static constexpr size_t kCapacity = 4;
  std::array<uint32_t, kCapacity> ids{};
  uint8_t count = 0;
  bool overflow = false;

  static MapSet of(uint32_t id);
  MapSet merged(const MapSet& other) const;
  bool operator==(const MapSet&) const = default;
};

enum class ValueKind : uint8_t {
  kUninit,    // never written on any path seen so far
  kScalar,    // a known number
  kStackPtr,  // frame pointer of frame `frame` plus `number`
  kMapPtr,    // one of `maps` itself (what helpers take as the map argument)
  kMapValue,  // points into a value or record of one of `maps`
  kInnerMap,  // a map looked up in a map of maps (one of `maps`)
  kFuncPtr,   // the address of function `number`
  kOther,     // not a stack address: a number, the context, kernel or data memory
  kUnknown,   // anything at all, stack addresses included
};

struct Value {
  ValueKind kind = ValueKind::kUninit;
  uint8_t frame = 0;
  int64_t number = 0;
  MapSet maps;

  static Value scalar(int64_t number) { return {ValueKind::kScalar, 0, number, {}}; }
  static Value stack(uint8_t frame, int64_t offset) {
    return {ValueKind::kStackPtr, frame, offset, {}};
  }
  static Value of_maps(ValueKind kind, const MapSet& maps) { return {kind, 0, 0, maps}; }
  static Value function(uint32_t index) { return {ValueKind::kFuncPtr, 0, index, {}}; }
  static Value other() { return {ValueKind::kOther, 0, 0, {}}; }
  static Value unknown() { return {ValueKind::kUnknown, 0, 0, {}}; }

  bool may_point_to_stack() const {
    return kind == ValueKind::kStackPtr || kind == ValueKind::kUnknown;
  }
  bool operator==(const Value&) const = default;
};

Value join(const Value& a, const Value& b);
size_t hash_value(const Value& value);

inline constexpr int kStackBytes = 512;
inline constexpr int kStackSlots = kStackBytes / 8;

// Registers and the current frame's 8-byte stack slots; slot i holds the
// bytes at offsets [-512 + 8i, -504 + 8i) from the frame pointer.
struct AbstractState {
  std::array<Value, op::kRegCount> regs{};
  std::array<Value, kStackSlots> stack{};

  bool operator==(const AbstractState&) const = default;
};

// Joins `from` into `into`; true when `into` changed.
bool join_into(AbstractState& into, const AbstractState& from);

}  // namespace sigtrace::inspect
