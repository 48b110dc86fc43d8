// The follow stage of --fate, between the reader and the pipeline: it holds
// each generated signal until its story ends, matching what the kernel
// reports next (the target dequeued a signal, a thread exited) to the right
// signal, and hands the record on with its fate. Records come in the order
// the kernel wrote them into one ring buffer; from per-CPU perf buffers
// they are first put back in time order, a short while behind.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <unordered_map>
#include <vector>

#include "fate/fate_rules.h"
#include "model/fate.h"
#include "signal_event.h"
#include "transport/record_reader.h"

namespace sigtrace {

// Where a story goes once it has ended: the record as read, and the fate of
// each signal it generated (nullptr when fates are not followed).
class StorySink {
 public:
  virtual ~StorySink() = default;
  virtual void on_story(std::span<const std::byte> record, const Fate* fate) = 0;
};

struct FateTrackerOptions {
  // Signals followed at once; past that, new ones are handed on at once
  // as `unfollowed` (and counted).
  size_t max_open = 65536;
  // Perf buffers: how long a record waits for earlier ones from other CPUs.
  uint64_t reorder_ns = 0;
};

class FateTracker final : public RecordSink {
 public:
  FateTracker(StorySink& next, FateTrackerOptions options);

  void on_record(std::span<const std::byte> record) override;
  // Hands on the records held for reordering that are older than the
  // window, now (CLOCK_BOOTTIME).
  void advance(uint64_t now_ns);
  // Tracing has stopped: what is held is handled, and every story still
  // open ends as `pending` (fate_ns: how long it had been).
  void finish(uint64_t now_ns);

  // Signals handed on as `unfollowed`: too many were open.
  uint64_t unfollowed() const { return unfollowed_; }
  size_t open() const { return open_count_; }

 private:
  struct Story {
    std::vector<std::byte> record;  // -k: empty until the call's own event
    Fate fate;
    size_t open = 0;
  };
  // One signal of a story whose fate is still to come.
  struct OpenSignal {
    uint64_t story;
    size_t index;  // into the story's fate.targets
    uint32_t tid;
    int sig;
    bool group;
    Awaiting awaiting;
    uint64_t generated_ns;
    bool closed = false;
  };
  struct GeneratedSignal {
    uint32_t tid;
    uint32_t tgid;
    int sig;
    int result;
    bool group;
    uint8_t facts;
  };
  // -k: the story of a call whose signals came, until its own event does
  // (its targets may meet their fate, even exit, before the call returns).
  struct CallInFlight {
    uint32_t call_seq = 0;
    uint64_t story = 0;
  };

  void handle(std::span<const std::byte> record);
  void on_signal(std::span<const std::byte> bytes, const sigtrace_event& event);
  void on_generated(const sigtrace_generated& generated);
  void on_delivery(const sigtrace_delivery& delivery);
  void on_exit(const sigtrace_exit& exit);
  void on_flush(const sigtrace_flush& flush);

  void on_call(std::span<const std::byte> bytes, const sigtrace_event& event);
  uint64_t begin_story(std::span<const std::byte> record);
  void add_signal(uint64_t id, const GeneratedSignal& signal, uint64_t generated_ns);
  void drop_story(uint64_t id);
  OpenSignal* awaiting_delivery(uint32_t tgid, uint32_t tid, int sig);
  void close(OpenSignal& signal, FateKind kind, uint64_t at_ns);
  void decide(Story& story, size_t index, FateKind kind, uint64_t fate_ns);
  void end_if_told(uint64_t id);
  void forget_closed(uint32_t tgid);

  StorySink& next_;
  FateTrackerOptions options_;
  uint64_t next_id_ = 0;
  std::map<uint64_t, Story> stories_;  // by id: the order they began
  std::unordered_map<uint32_t, std::vector<OpenSignal>> open_by_tgid_;
  std::unordered_map<uint32_t, CallInFlight> calls_;  // by caller tid
  // Perf buffers: records by timestamp, waiting for the window to pass.
  std::multimap<uint64_t, std::vector<std::byte>> held_;
  size_t open_count_ = 0;
  uint64_t unfollowed_ = 0;
};

}  // namespace sigtrace
