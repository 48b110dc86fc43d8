#include "select/selection.h"

#include <algorithm>

#include "model/syscall_names.h"

namespace sigtrace {

Selection::Selection(SelectionChoice choice)
    : containers_(std::move(choice.containers)),
      via_(std::move(choice.via)),
      tcomm_(std::move(choice.tcomm)),
      senders_chosen_(choice.senders_chosen),
      deaths_only_(choice.deaths_only) {}

bool Selection::via_kept(const EnrichedEvent& event) const {
  if (via_.empty()) return true;
  std::string name;
  append_via(name, event.origin);
  return std::find(via_.begin(), via_.end(), name) != via_.end();
}

// The kernel checked every target it named; a call that named none is
// decided here, by the name /proc gave (none: dropped).
bool Selection::tcomm_kept(const EnrichedEvent& event) const {
  if (!tcomm_ || event.record->ntargets > 0) return true;
  return event.target.comm == *tcomm_;
}

bool Selection::sender_kept(const EnrichedEvent& event) const {
  return !(senders_chosen_ && event.sender.kernel);
}

bool Selection::fate_kept(const EnrichedEvent& event) const {
  return !deaths_only_ || (event.fate && has_death(*event.fate));
}

bool Selection::keeps(const EnrichedEvent& event) const {
  return sender_kept(event) && fate_kept(event) && containers_.keeps(event) && via_kept(event) &&
         tcomm_kept(event);
}

bool is_via_name(std::string_view name) {
  for (std::string_view origin : {"fault", "interrupt", "oom", "exit", "kernel"}) {
    if (name == origin) return true;
  }
  for (int number = 0; number < 1024; ++number) {
    if (syscall_name_of(number) == name) return true;
  }
  constexpr std::string_view kNumbered = "syscall:";
  if (!name.starts_with(kNumbered) || name.size() == kNumbered.size()) return false;
  std::string_view digits = name.substr(kNumbered.size());
  return digits.size() <= 4 &&
         std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace sigtrace
