// The BPF helpers that act on a map, and how the inspector names what they
// do. The first group are the verbs `ig image inspect` draws; the others it
// misses, and sigtrace shows them with --all.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace sigtrace::inspect {

enum class MapArgument {
  kMap,     // the register holds the map itself (&map)
  kRecord,  // the register points into one of the map's values or records
};

struct MapHelper {
  int32_t id;
  std::string_view verb;
  uint8_t map_register;  // r1-r5
  MapArgument argument;
  bool reference;  // drawn by `ig image inspect` too
  // Map types the helper accepts; when the analysis knows a few candidate
  // maps, those of other types are ruled out. Empty: any type.
  std::span<const uint32_t> map_types;
};

// Helpers that call back into a function of the program.
struct CallbackHelper {
  int32_t id;
  uint8_t callback_register;
};

const MapHelper* find_map_helper(int32_t id);
const CallbackHelper* find_callback_helper(int32_t id);
// Helpers that only read the memory their pointer arguments point to, so the
// stack slots behind those pointers keep what the analysis knows of them.
bool helper_only_reads_memory(int32_t id);
// How many of r1-r5 the helper takes; 5 for helpers this build does not know.
uint8_t helper_argument_count(int32_t id);
// Helpers that return a pointer into a value or record of their map argument.
bool helper_returns_map_value(int32_t id);

// Helper ids, from the kernel's __BPF_FUNC_MAPPER (a stable ABI).
namespace helper {
inline constexpr int32_t kMapLookupElem = 1;
inline constexpr int32_t kMapUpdateElem = 2;
inline constexpr int32_t kMapDeleteElem = 3;
inline constexpr int32_t kTracePrintk = 6;
inline constexpr int32_t kTailCall = 12;
inline constexpr int32_t kPerfEventRead = 22;
inline constexpr int32_t kPerfEventOutput = 25;
inline constexpr int32_t kGetStackid = 27;
inline constexpr int32_t kSkbUnderCgroup = 33;
inline constexpr int32_t kCurrentTaskUnderCgroup = 37;
inline constexpr int32_t kRedirectMap = 51;
inline constexpr int32_t kSkRedirectMap = 52;
inline constexpr int32_t kSockMapUpdate = 53;
inline constexpr int32_t kPerfEventReadValue = 55;
inline constexpr int32_t kMsgRedirectMap = 60;
inline constexpr int32_t kSockHashUpdate = 70;
inline constexpr int32_t kMsgRedirectHash = 71;
inline constexpr int32_t kSkRedirectHash = 72;
inline constexpr int32_t kGetLocalStorage = 81;
inline constexpr int32_t kSkSelectReuseport = 82;
inline constexpr int32_t kMapPushElem = 87;
inline constexpr int32_t kMapPopElem = 88;
inline constexpr int32_t kMapPeekElem = 89;
inline constexpr int32_t kSkStorageGet = 107;
inline constexpr int32_t kSkStorageDelete = 108;
inline constexpr int32_t kSkbOutput = 111;
inline constexpr int32_t kXdpOutput = 121;
inline constexpr int32_t kRingbufOutput = 130;
inline constexpr int32_t kRingbufReserve = 131;
inline constexpr int32_t kRingbufSubmit = 132;
inline constexpr int32_t kRingbufDiscard = 133;
inline constexpr int32_t kRingbufQuery = 134;
inline constexpr int32_t kInodeStorageGet = 145;
inline constexpr int32_t kInodeStorageDelete = 146;
inline constexpr int32_t kTaskStorageGet = 156;
inline constexpr int32_t kTaskStorageDelete = 157;
inline constexpr int32_t kForEachMapElem = 164;
inline constexpr int32_t kTimerInit = 169;
inline constexpr int32_t kTimerSetCallback = 170;
inline constexpr int32_t kTimerStart = 171;
inline constexpr int32_t kTimerCancel = 172;
inline constexpr int32_t kFindVma = 180;
inline constexpr int32_t kLoop = 181;
inline constexpr int32_t kMapLookupPercpuElem = 195;
inline constexpr int32_t kRingbufReserveDynptr = 198;
inline constexpr int32_t kUserRingbufDrain = 209;
}  // namespace helper

}  // namespace sigtrace::inspect
