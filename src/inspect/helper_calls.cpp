#include "inspect/helper_calls.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string_view>

namespace sigtrace::inspect {
namespace {

using namespace helper;

// Map type ids (enum bpf_map_type).
constexpr uint32_t kProgArray = 3;
constexpr uint32_t kPerfEventArray = 4;
constexpr uint32_t kPercpuHash = 5;
constexpr uint32_t kPercpuArray = 6;
constexpr uint32_t kStackTrace = 7;
constexpr uint32_t kCgroupArray = 8;
constexpr uint32_t kLruPercpuHash = 10;
constexpr uint32_t kDevmap = 14;
constexpr uint32_t kSockmap = 15;
constexpr uint32_t kCpumap = 16;
constexpr uint32_t kXskmap = 17;
constexpr uint32_t kSockhash = 18;
constexpr uint32_t kCgroupStorage = 19;
constexpr uint32_t kReuseportSockarray = 20;
constexpr uint32_t kPercpuCgroupStorage = 21;
constexpr uint32_t kQueue = 22;
constexpr uint32_t kStack = 23;
constexpr uint32_t kSkStorage = 24;
constexpr uint32_t kDevmapHash = 25;
constexpr uint32_t kRingbuf = 27;
constexpr uint32_t kInodeStorage = 28;
constexpr uint32_t kTaskStorage = 29;
constexpr uint32_t kBloomFilter = 30;
constexpr uint32_t kUserRingbuf = 31;

constexpr std::array<uint32_t, 0> kAnyMap{};
constexpr std::array kProgArrays{kProgArray};
constexpr std::array kPerfEventArrays{kPerfEventArray};
constexpr std::array kPercpuMaps{kPercpuHash, kPercpuArray, kLruPercpuHash};
constexpr std::array kStackTraces{kStackTrace};
constexpr std::array kCgroupArrays{kCgroupArray};
constexpr std::array kRedirectTargets{kDevmap, kCpumap, kXskmap, kDevmapHash};
constexpr std::array kSockmaps{kSockmap};
constexpr std::array kSockhashes{kSockhash};
constexpr std::array kReuseportMaps{kReuseportSockarray, kSockmap, kSockhash};
constexpr std::array kCgroupStorages{kCgroupStorage, kPercpuCgroupStorage};
constexpr std::array kQueues{kQueue, kStack, kBloomFilter};
constexpr std::array kSkStorages{kSkStorage};
constexpr std::array kRingbufs{kRingbuf};
constexpr std::array kInodeStorages{kInodeStorage};
constexpr std::array kTaskStorages{kTaskStorage};
constexpr std::array kUserRingbufs{kUserRingbuf};

constexpr auto kMap = MapArgument::kMap;
constexpr auto kRecord = MapArgument::kRecord;

// Reference verbs are the helper names `ig image inspect` derives: the
// bpf_map_*_elem family without its prefix and suffix, and EventOutput.
const MapHelper kMapHelpers[] = {
    {kMapLookupElem, "Lookup", 1, kMap, true, kAnyMap},
    {kMapUpdateElem, "Update", 1, kMap, true, kAnyMap},
    {kMapDeleteElem, "Delete", 1, kMap, true, kAnyMap},
    {kMapPushElem, "Push", 1, kMap, true, kQueues},
    {kMapPopElem, "Pop", 1, kMap, true, kQueues},
    {kMapPeekElem, "Peek", 1, kMap, true, kQueues},
    {kMapLookupPercpuElem, "LookupPercpu", 1, kMap, true, kPercpuMaps},
    {kPerfEventOutput, "EventOutput", 2, kMap, true, kPerfEventArrays},
    {kRingbufOutput, "RingbufOutput", 1, kMap, false, kRingbufs},
    {kRingbufReserve, "RingbufReserve", 1, kMap, false, kRingbufs},
    {kRingbufReserveDynptr, "RingbufReserve", 1, kMap, false, kRingbufs},
    {kRingbufSubmit, "RingbufSubmit", 1, kRecord, false, kRingbufs},
    {kRingbufDiscard, "RingbufDiscard", 1, kRecord, false, kRingbufs},
    {kRingbufQuery, "RingbufQuery", 1, kMap, false, kRingbufs},
    {kUserRingbufDrain, "UserRingbufDrain", 1, kMap, false, kUserRingbufs},
    {kTailCall, "TailCall", 2, kMap, false, kProgArrays},
    {kForEachMapElem, "ForEach", 1, kMap, false, kAnyMap},
    {kTimerInit, "TimerInit", 2, kMap, false, kAnyMap},
    {kTimerSetCallback, "TimerSetCallback", 1, kRecord, false, kAnyMap},
    {kTimerStart, "TimerStart", 1, kRecord, false, kAnyMap},
    {kTimerCancel, "TimerCancel", 1, kRecord, false, kAnyMap},
    {kSkbOutput, "SkbOutput", 2, kMap, false, kPerfEventArrays},
    {kXdpOutput, "XdpOutput", 2, kMap, false, kPerfEventArrays},
    {kPerfEventRead, "PerfEventRead", 1, kMap, false, kPerfEventArrays},
    {kPerfEventReadValue, "PerfEventReadValue", 1, kMap, false, kPerfEventArrays},
    {kGetStackid, "GetStackid", 2, kMap, false, kStackTraces},
    {kSkbUnderCgroup, "SkbUnderCgroup", 2, kMap, false, kCgroupArrays},
    {kCurrentTaskUnderCgroup, "CurrentTaskUnderCgroup", 1, kMap, false, kCgroupArrays},
    {kRedirectMap, "RedirectMap", 1, kMap, false, kRedirectTargets},
    {kSkRedirectMap, "SkRedirectMap", 2, kMap, false, kSockmaps},
    {kSockMapUpdate, "SockMapUpdate", 2, kMap, false, kSockmaps},
    {kMsgRedirectMap, "MsgRedirectMap", 2, kMap, false, kSockmaps},
    {kSockHashUpdate, "SockHashUpdate", 2, kMap, false, kSockhashes},
    {kMsgRedirectHash, "MsgRedirectHash", 2, kMap, false, kSockhashes},
    {kSkRedirectHash, "SkRedirectHash", 2, kMap, false, kSockhashes},
    {kSkSelectReuseport, "SkSelectReuseport", 2, kMap, false, kReuseportMaps},
    {kGetLocalStorage, "GetLocalStorage", 1, kMap, false, kCgroupStorages},
    {kSkStorageGet, "SkStorageGet", 1, kMap, false, kSkStorages},
    {kSkStorageDelete, "SkStorageDelete", 1, kMap, false, kSkStorages},
    {kInodeStorageGet, "InodeStorageGet", 1, kMap, false, kInodeStorages},
    {kInodeStorageDelete, "InodeStorageDelete", 1, kMap, false, kInodeStorages},
    {kTaskStorageGet, "TaskStorageGet", 1, kMap, false, kTaskStorages},
    {kTaskStorageDelete, "TaskStorageDelete", 1, kMap, false, kTaskStorages},
};

const CallbackHelper kCallbackHelpers[] = {
    {kForEachMapElem, 2}, {kLoop, 2}, {kTimerSetCallback, 2}, {kFindVma, 3}, {kUserRingbufDrain, 2},
};

constexpr int32_t kReadOnlyHelpers[] = {
    kMapLookupElem, kMapUpdateElem,   kMapDeleteElem, kMapPushElem,    kMapLookupPercpuElem,
    kTracePrintk,   kPerfEventOutput, kSkbOutput,     kXdpOutput,      kRingbufOutput,
    kRingbufQuery,  kTailCall,        kGetStackid,    kRingbufReserve,
};

constexpr int32_t kMapValueHelpers[] = {
    kMapLookupElem,   kMapLookupPercpuElem, kRingbufReserve,  kSkStorageGet,
    kInodeStorageGet, kTaskStorageGet,      kGetLocalStorage,
};

// Argument counts of helpers 0-211, one digit each, from the prototypes in
// libbpf's bpf_helper_defs.h (0 is no helper: counted as taking all five).
constexpr std::string_view kArgumentCounts =
    "5242303005553300213144221543533323103232210323112543442435224224325454444443414102425513"
    "2244311111155433344421553333210445113053124322221111144434233541421242020315453413231111"
    "341454332101144533231442255333220442";

}  // namespace

uint8_t helper_argument_count(int32_t id) {
  if (id < 0 || static_cast<size_t>(id) >= kArgumentCounts.size()) return 5;
  return static_cast<uint8_t>(kArgumentCounts[static_cast<size_t>(id)] - '0');
}

const MapHelper* find_map_helper(int32_t id) {
  for (const MapHelper& helper : kMapHelpers) {
    if (helper.id == id) return &helper;
  }
  return nullptr;
}

const CallbackHelper* find_callback_helper(int32_t id) {
  for (const CallbackHelper& helper : kCallbackHelpers) {
    if (helper.id == id) return &helper;
  }
  return nullptr;
}

bool helper_only_reads_memory(int32_t id) {
  return std::find(std::begin(kReadOnlyHelpers), std::end(kReadOnlyHelpers), id) !=
         std::end(kReadOnlyHelpers);
}

bool helper_returns_map_value(int32_t id) {
  return std::find(std::begin(kMapValueHelpers), std::end(kMapValueHelpers), id) !=
         std::end(kMapValueHelpers);
}

}  // namespace sigtrace::inspect
