#include "app/writing_sink.h"

namespace sigtrace {

void WritingSink::on_event(const sigtrace_event& event) {
  if (target_names_.wants(event)) {
    sigtrace_event completed = event;
    target_names_.fill(completed);
    write(completed);
  } else {
    write(event);
  }
}

void WritingSink::write(const sigtrace_event& event) {
  containers_.notice(event);
  if (!containers_.selected(event)) return;
  if (done()) {
    ++refused_;
    return;
  }
  formatter_.format(event, output_.buffer());
  output_.end_record();
  ++written_;
  output_.flush_if_full();
}

}  // namespace sigtrace
