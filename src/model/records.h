// What a record from the kernel is (transport hands over bytes): a signal
// event, with its sender's kernel stack or not, or one of --fate's records.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "signal_event.h"

// The layout is shared with the BPF programs, which write every byte of it.
static_assert(sizeof(sigtrace_event) == 184, "sigtrace_event changed size: update both sides");
static_assert(sizeof(sigtrace_delivery) == 40 && sizeof(sigtrace_exit) == 32 &&
                  sizeof(sigtrace_generated) == 48 && sizeof(sigtrace_flush) == 32,
              "a --fate record changed size: update both sides");

namespace sigtrace {

// The signal event the record holds; nullptr for another kind, or a record
// too short to be one.
inline const sigtrace_event* signal_record(std::span<const std::byte> record) {
  if (record.size() < sizeof(sigtrace_event)) return nullptr;
  const auto* event = reinterpret_cast<const sigtrace_event*>(record.data());
  return event->header.kind == SIGTRACE_RECORD_SIGNAL ? event : nullptr;
}

// --fate's records (fate.bpf.c, kill_only.bpf.c): nullptr for another kind.
template <typename Record, sigtrace_record_kind kKind>
const Record* record_as(std::span<const std::byte> record) {
  if (record.size() < sizeof(Record)) return nullptr;
  const auto* typed = reinterpret_cast<const Record*>(record.data());
  return typed->header.kind == kKind ? typed : nullptr;
}

inline const sigtrace_delivery* delivery_record(std::span<const std::byte> record) {
  return record_as<sigtrace_delivery, SIGTRACE_RECORD_DELIVERY>(record);
}

inline const sigtrace_exit* exit_record(std::span<const std::byte> record) {
  return record_as<sigtrace_exit, SIGTRACE_RECORD_EXIT>(record);
}

inline const sigtrace_generated* generated_record(std::span<const std::byte> record) {
  return record_as<sigtrace_generated, SIGTRACE_RECORD_GENERATED>(record);
}

inline const sigtrace_flush* flush_record(std::span<const std::byte> record) {
  return record_as<sigtrace_flush, SIGTRACE_RECORD_FLUSH>(record);
}

// The sender's kernel return addresses that follow an event, if any.
inline std::span<const uint64_t> stack_of(std::span<const std::byte> record) {
  const sigtrace_event* event = signal_record(record);
  if (!event || !(event->origin & SIGTRACE_ORIGIN_STACK)) return {};
  if (record.size() < sizeof(sigtrace_event_with_stack)) return {};
  const auto* with_stack = reinterpret_cast<const sigtrace_event_with_stack*>(record.data());
  size_t frames =
      with_stack->nframes < SIGTRACE_STACK_FRAMES ? with_stack->nframes : SIGTRACE_STACK_FRAMES;
  // __u64 and uint64_t are the same 64 bits under two names.
  return {reinterpret_cast<const uint64_t*>(with_stack->frames), frames};
}

}  // namespace sigtrace
