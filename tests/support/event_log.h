// Collecting events from a real Tracer in a test.
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "kernel/tracer.h"
#include "signal_event.h"

namespace sigtrace::testing {

using Events = std::vector<sigtrace_event>;
using EventMatch = std::function<bool(const sigtrace_event&)>;

class EventLog final : public RecordSink {
 public:
  // Keeps the signal events, each as its plain sigtrace_event.
  void on_record(std::span<const std::byte> record) override;
  const Events& events() const { return events_; }
  Events matching(const EventMatch& match) const;

 private:
  Events events_;
};

// Polls until `count` events match, or ten seconds pass (a stuck test must
// end; nothing here measures speed). Returns the matching events.
Events wait_for(Tracer& tracer, EventLog& log, const EventMatch& match, size_t count = 1);

// The sender fields of an event sent by a child of the test process
// (sender_uid: its uid and gid). An exiting task has already left its
// namespaces when it signals its parent: its mount namespace reads 0.
struct ChildSender {
  pid_t pid;
  const char* comm;
  uint32_t uid = 0;
  bool exiting = false;
};
void expect_sent_by_child(const sigtrace_event& event, const ChildSender& sender);

// One line per event, for failure messages.
std::string describe(const sigtrace_event& event);
std::string describe(const Events& events);

// Match helpers.
EventMatch sent_by(pid_t pid);
// What the process sent on purpose: its exit's SIGCHLD left out.
EventMatch signalled_by(pid_t pid);
EventMatch with_signal(int sig);
EventMatch all_of(std::vector<EventMatch> matches);

}  // namespace sigtrace::testing

void PrintTo(const sigtrace_event& event, std::ostream* os);
