#include "event_log.h"

#include <signal.h>

#include <chrono>
#include <sstream>

#include <gtest/gtest.h>
#include <unistd.h>

#include "child.h"
#include "model/records.h"
#include "output/sanitize.h"

namespace sigtrace::testing {

void EventLog::on_record(std::span<const std::byte> record) {
  if (const sigtrace_event* event = signal_record(record)) events_.push_back(*event);
}

Events EventLog::matching(const EventMatch& match) const {
  Events found;
  for (const auto& event : events_) {
    if (match(event)) found.push_back(event);
  }
  return found;
}

Events wait_for(Tracer& tracer, EventLog& log, const EventMatch& match, size_t count) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (log.matching(match).size() < count && std::chrono::steady_clock::now() < deadline) {
    tracer.poll(std::chrono::milliseconds(20), log);
  }
  tracer.drain(log);
  return log.matching(match);
}

void expect_sent_by_child(const sigtrace_event& e, const ChildSender& sender) {
  EXPECT_EQ(fixed_text(e.sender.comm), sender.comm);
  EXPECT_EQ(e.sender.tgid, static_cast<uint32_t>(sender.pid));
  EXPECT_EQ(e.sender.tid, static_cast<uint32_t>(sender.pid));
  EXPECT_EQ(e.ppid, static_cast<uint32_t>(getpid()));
  EXPECT_EQ(e.ptid, static_cast<uint32_t>(gettid_now()));
  EXPECT_EQ(fixed_text(e.pcomm), own_comm());
  EXPECT_EQ(e.uid, sender.uid);
  EXPECT_EQ(e.gid, sender.uid);
  EXPECT_EQ(e.sender.mntns_id, sender.exiting ? 0 : namespace_id(getpid(), "mnt"));
  EXPECT_EQ(e.sender.pidns_id, namespace_id(getpid(), "pid"));
  EXPECT_EQ(e.sender.pidns_level, 0u);
  EXPECT_EQ(e.sender_cgroup_id, cgroup_id(getpid()));
}

std::string describe(const sigtrace_event& event) {
  std::ostringstream out;
  out << "{src=" << int(event.source) << " comm=" << fixed_text(event.sender.comm)
      << " pid=" << event.sender.tgid << " tid=" << event.sender.tid << " ppid=" << event.ppid
      << " ptid=" << event.ptid << " pcomm=" << fixed_text(event.pcomm) << " uid=" << event.uid
      << " gid=" << event.gid << " pid_arg=" << event.pid_arg << " tgid_arg=" << event.tgid_arg
      << " target.tid=" << event.target.tid << " target.tgid=" << event.target.tgid
      << " tnspid=" << event.target_nspid << " tmntns=" << event.target.mntns_id
      << " ntargets=" << event.ntargets << " tcomm=" << fixed_text(event.target.comm)
      << " sig=" << event.sig << " error=" << event.error << " code=" << event.code
      << " result=" << event.result << " group=" << int(event.group) << "}";
  return out.str();
}

std::string describe(const Events& events) {
  std::string text;
  for (const auto& event : events)
    text += describe(event) + "\n";
  return text.empty() ? "(no events)\n" : text;
}

EventMatch sent_by(pid_t pid) {
  return [pid](const sigtrace_event& e) { return e.sender.tgid == static_cast<uint32_t>(pid); };
}

EventMatch signalled_by(pid_t pid) {
  return [pid](const sigtrace_event& e) {
    return e.sender.tgid == static_cast<uint32_t>(pid) && e.sig != SIGCHLD;
  };
}

EventMatch with_signal(int sig) {
  return [sig](const sigtrace_event& e) { return e.sig == sig; };
}

EventMatch all_of(std::vector<EventMatch> matches) {
  return [matches = std::move(matches)](const sigtrace_event& e) {
    for (const auto& match : matches) {
      if (!match(e)) return false;
    }
    return true;
  };
}

}  // namespace sigtrace::testing

void PrintTo(const sigtrace_event& event, std::ostream* os) {
  *os << sigtrace::testing::describe(event);
}
