#include "fate/fate_tracker.h"

#include <algorithm>
#include <iterator>

#include "model/records.h"

namespace sigtrace {
namespace {

std::vector<std::byte> copy_of(std::span<const std::byte> record) {
  return {record.begin(), record.end()};
}

uint64_t timestamp_of(std::span<const std::byte> record) {
  sigtrace_record_header header;
  std::copy_n(record.begin(), sizeof(header), reinterpret_cast<std::byte*>(&header));
  return header.timestamp_ns;
}

}  // namespace

FateTracker::FateTracker(StorySink& next, FateTrackerOptions options)
    : next_(next), options_(options) {}

void FateTracker::on_record(std::span<const std::byte> record) {
  if (options_.reorder_ns == 0) {
    handle(record);
    return;
  }
  held_.emplace(timestamp_of(record), copy_of(record));
}

void FateTracker::advance(uint64_t now_ns) {
  while (!held_.empty() && held_.begin()->first + options_.reorder_ns <= now_ns) {
    auto oldest = held_.extract(held_.begin());
    handle(oldest.mapped());
  }
}

void FateTracker::finish(uint64_t now_ns) {
  while (!held_.empty()) {
    auto oldest = held_.extract(held_.begin());
    handle(oldest.mapped());
  }
  for (auto& [tgid, signals] : open_by_tgid_) {
    for (OpenSignal& signal : signals) {
      if (signal.closed) continue;
      decide(stories_.at(signal.story), signal.index, FateKind::kPending,
             now_ns > signal.generated_ns ? now_ns - signal.generated_ns : 0);
    }
  }
  open_by_tgid_.clear();
  open_count_ = 0;
  calls_.clear();
  // In the order the stories began; a call whose own event never came is
  // no story.
  for (auto& [id, story] : stories_) {
    if (!story.record.empty()) next_.on_story(story.record, &story.fate);
  }
  stories_.clear();
}

void FateTracker::handle(std::span<const std::byte> record) {
  if (const sigtrace_event* event = signal_record(record)) {
    on_signal(record, *event);
  } else if (const sigtrace_generated* generated = generated_record(record)) {
    on_generated(*generated);
  } else if (const sigtrace_delivery* delivery = delivery_record(record)) {
    on_delivery(*delivery);
  } else if (const sigtrace_exit* exit = exit_record(record)) {
    on_exit(*exit);
  } else if (const sigtrace_flush* flush = flush_record(record)) {
    on_flush(*flush);
  }
}

uint64_t FateTracker::begin_story(std::span<const std::byte> record) {
  uint64_t id = next_id_++;
  stories_[id].record = copy_of(record);
  return id;
}

// One more signal of a story: decided at once, or open until what decides
// it comes. Past the bound, not followed.
void FateTracker::add_signal(uint64_t id, const GeneratedSignal& signal, uint64_t generated_ns) {
  Story& story = stories_.at(id);
  TargetFate target;
  target.tid = signal.tid;
  target.tgid = signal.tgid;
  size_t index = story.fate.targets.size();
  story.fate.targets.push_back(target);
  ++story.open;
  if (open_count_ >= options_.max_open) {
    ++unfollowed_;
    decide(story, index, FateKind::kUnfollowed, 0);
    return;
  }
  Verdict verdict = at_generation(signal.result, signal.facts, signal.group);
  if (verdict.awaiting == Awaiting::kNothing) {
    decide(story, index, verdict.fate, 0);
    return;
  }
  open_by_tgid_[signal.tgid].push_back(
      {id, index, signal.tid, signal.sig, signal.group, verdict.awaiting, generated_ns});
  ++open_count_;
}

void FateTracker::on_signal(std::span<const std::byte> bytes, const sigtrace_event& event) {
  if (event.source != SIGTRACE_SOURCE_GENERATE) {
    on_call(bytes, event);
    return;
  }
  uint64_t id = begin_story(bytes);
  add_signal(id,
             {event.target.tid, event.target.tgid, event.sig, event.result, event.group != 0,
              event.fate_facts},
             event.header.timestamp_ns);
  end_if_told(id);
}

// A call's own event comes once it returns, after the signals it generated.
void FateTracker::on_call(std::span<const std::byte> bytes, const sigtrace_event& event) {
  auto found = calls_.find(event.sender.tid);
  if (found != calls_.end() && found->second.call_seq == event.call_seq) {
    uint64_t id = found->second.story;
    calls_.erase(found);
    stories_.at(id).record = copy_of(bytes);
    end_if_told(id);
    return;
  }
  if (found != calls_.end()) {
    drop_story(found->second.story);
    calls_.erase(found);
  }
  Fate none;  // a probe, a refusal: no signal, no fate
  next_.on_story(bytes, &none);
}

void FateTracker::on_generated(const sigtrace_generated& generated) {
  auto found = calls_.find(generated.caller_tid);
  if (found != calls_.end() && found->second.call_seq != generated.call_seq) {
    // Left by a call that was not shown (filtered at its exit): not ours.
    drop_story(found->second.story);
    calls_.erase(found);
    found = calls_.end();
  }
  if (found == calls_.end()) {
    CallInFlight call{generated.call_seq, begin_story({})};
    found = calls_.emplace(generated.caller_tid, call).first;
  }
  add_signal(found->second.story,
             {generated.tid, generated.tgid, generated.sig, generated.result, generated.group != 0,
              generated.fate_facts},
             generated.header.timestamp_ns);
}

// A call's story that will never be told: its signals are forgotten.
void FateTracker::drop_story(uint64_t id) {
  auto story = stories_.find(id);
  if (story == stories_.end()) return;
  for (const TargetFate& target : story->second.fate.targets) {
    auto signals = open_by_tgid_.find(target.tgid);
    if (signals == open_by_tgid_.end()) continue;
    for (OpenSignal& signal : signals->second) {
      if (signal.story != id || signal.closed) continue;
      signal.closed = true;
      --open_count_;
    }
    forget_closed(target.tgid);
  }
  stories_.erase(story);
}

// The kernel dequeues a thread's own signals before its process's, each
// queue first in, first out.
FateTracker::OpenSignal* FateTracker::awaiting_delivery(uint32_t tgid, uint32_t tid, int sig) {
  auto found = open_by_tgid_.find(tgid);
  if (found == open_by_tgid_.end()) return nullptr;
  OpenSignal* for_the_process = nullptr;
  for (OpenSignal& signal : found->second) {
    if (signal.closed || signal.awaiting != Awaiting::kDelivery || signal.sig != sig) continue;
    if (!signal.group && signal.tid == tid) return &signal;
    if (signal.group && !for_the_process) for_the_process = &signal;
  }
  return for_the_process;
}

void FateTracker::on_delivery(const sigtrace_delivery& delivery) {
  OpenSignal* signal = awaiting_delivery(delivery.tgid, delivery.tid, delivery.sig);
  if (!signal) return;  // generated before sigtrace started, or not traced
  Verdict verdict = at_delivery(delivery.sig, delivery.action, delivery.unkillable != 0);
  if (verdict.awaiting == Awaiting::kExit) {
    signal->awaiting = Awaiting::kExit;
    return;
  }
  stories_.at(signal->story).fate.targets[signal->index].waited =
      delivery.action == SIGTRACE_ACTION_WAITED;
  close(*signal, verdict.fate, delivery.header.timestamp_ns);
  forget_closed(delivery.tgid);
}

void FateTracker::on_exit(const sigtrace_exit& exit) {
  auto call = calls_.find(exit.tid);
  if (call != calls_.end()) {
    drop_story(call->second.story);
    calls_.erase(call);
  }
  auto found = open_by_tgid_.find(exit.tgid);
  if (found == open_by_tgid_.end()) return;
  for (OpenSignal& signal : found->second) {
    if (signal.closed) continue;
    bool its_thread = !signal.group && signal.tid == exit.tid;
    if (signal.awaiting == Awaiting::kDelivery && (its_thread || exit.group_dead)) {
      close(signal, FateKind::kDiscarded, exit.header.timestamp_ns);
    } else if (signal.awaiting == Awaiting::kExit && exit.group_dead) {
      FateKind kind = at_death(signal.sig, exit.exit_code);
      if (is_death(kind)) {
        stories_.at(signal.story).fate.targets[signal.index].exit = exit_of(exit.exit_code);
      }
      close(signal, kind, exit.header.timestamp_ns);
    }
  }
  forget_closed(exit.tgid);
}

void FateTracker::on_flush(const sigtrace_flush& flush) {
  auto found = open_by_tgid_.find(flush.tgid);
  if (found == open_by_tgid_.end()) return;
  for (OpenSignal& signal : found->second) {
    bool flushed = signal.sig > 0 && signal.sig < 64 && ((flush.signals >> signal.sig) & 1);
    if (!signal.closed && signal.awaiting == Awaiting::kDelivery && flushed) {
      close(signal, FateKind::kDiscarded, flush.header.timestamp_ns);
    }
  }
  forget_closed(flush.tgid);
}

void FateTracker::close(OpenSignal& signal, FateKind kind, uint64_t at_ns) {
  signal.closed = true;
  --open_count_;
  decide(stories_.at(signal.story), signal.index, kind,
         at_ns > signal.generated_ns ? at_ns - signal.generated_ns : 0);
  end_if_told(signal.story);
}

void FateTracker::decide(Story& story, size_t index, FateKind kind, uint64_t fate_ns) {
  TargetFate& target = story.fate.targets[index];
  target.kind = kind;
  target.fate_ns = fate_ns;
  --story.open;
}

void FateTracker::end_if_told(uint64_t id) {
  auto found = stories_.find(id);
  if (found == stories_.end() || found->second.open > 0 || found->second.record.empty()) return;
  next_.on_story(found->second.record, &found->second.fate);
  stories_.erase(found);
}

void FateTracker::forget_closed(uint32_t tgid) {
  auto found = open_by_tgid_.find(tgid);
  if (found == open_by_tgid_.end()) return;
  std::erase_if(found->second, [](const OpenSignal& signal) { return signal.closed; });
  if (found->second.empty()) open_by_tgid_.erase(found);
}

}  // namespace sigtrace
