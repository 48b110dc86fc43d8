// Collecting events from a real Tracer in a test.
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "loader/tracer.h"
#include "signal_event.h"

namespace sigtrace::testing {

using Events = std::vector<sigtrace_event>;
using EventMatch = std::function<bool(const sigtrace_event&)>;

class EventLog final : public EventSink {
 public:
  void on_event(const sigtrace_event& event) override { events_.push_back(event); }
  const Events& events() const { return events_; }
  Events matching(const EventMatch& match) const;

 private:
  Events events_;
};

// Polls until `count` events match, or ten seconds pass (a stuck test must
// end; nothing here measures speed). Returns the matching events.
Events wait_for(Tracer& tracer, EventLog& log, const EventMatch& match, size_t count = 1);

// One line per event, for failure messages.
std::string describe(const sigtrace_event& event);
std::string describe(const Events& events);

// Match helpers.
EventMatch sent_by(pid_t pid);
// What the process sent on purpose: its exit's SIGCHLD left out.
EventMatch signalled_by(pid_t pid);
EventMatch sent_to(pid_t tpid);
EventMatch with_signal(int sig);
EventMatch all_of(std::vector<EventMatch> matches);

}  // namespace sigtrace::testing

void PrintTo(const sigtrace_event& event, std::ostream* os);
