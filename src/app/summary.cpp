#include "app/summary.h"

#include <cstdio>

namespace sigtrace {
namespace {

using ull = unsigned long long;

// Why the events read but not written (or counted) were not: the
// reader's doing, or --count's.
void report_unwritten(const Pipeline& pipeline, const OutputStream& output,
                      std::optional<uint64_t> count, const char* done) {
  auto unwritten = static_cast<ull>(output.unwritten() + pipeline.refused());
  if (unwritten == 0) return;
  if (output.gave_up()) {
    std::fprintf(stderr,
                 "sigtrace: warning: %llu events were not %s: the output took nothing "
                 "for a second while sigtrace was ending\n",
                 unwritten, done);
  } else if (output.closed()) {
    std::fprintf(stderr, "sigtrace: warning: %llu events were not %s: the output was closed\n",
                 unwritten, done);
  } else {
    std::fprintf(stderr, "sigtrace: note: %llu events were not %s: --count %llu was reached\n",
                 unwritten, done, static_cast<ull>(count.value_or(0)));
  }
}

}  // namespace

void report_end(const Pipeline& pipeline, const OutputStream& output, const LossCounts& losses,
                std::optional<uint64_t> count, bool events_written) {
  // Lines of a summary's table are no events: only lines per event are
  // ever unwritten.
  std::fprintf(stderr, "sigtrace: %llu events, %llu lost\n",
               static_cast<ull>(pipeline.taken() - output.unwritten()),
               static_cast<ull>(losses.total()));
  report_unwritten(pipeline, output, count, events_written ? "written" : "counted");
  if (losses.events > 0) {
    std::fprintf(stderr,
                 "sigtrace: warning: %llu events were dropped because the buffer was full; "
                 "try --buffer-size or a narrower filter\n",
                 static_cast<ull>(losses.events));
  }
  if (losses.calls > 0) {
    std::fprintf(stderr,
                 "sigtrace: warning: %llu calls were not traced: too many threads sending "
                 "signals at once\n",
                 static_cast<ull>(losses.calls));
  }
}

void report_fates(uint64_t unfollowed, const LossCounts& losses) {
  if (unfollowed > 0) {
    std::fprintf(stderr,
                 "sigtrace: warning: %llu signals were shown without their fate "
                 "(\"unfollowed\"): too many were in flight at once\n",
                 static_cast<ull>(unfollowed));
  }
  if (losses.events > 0) {
    std::fprintf(stderr,
                 "sigtrace: warning: with records lost, some fates may be wrong (a lost "
                 "delivery or exit leaves its signal pending, or discarded at the exit)\n");
  }
}

void report_never_seen(const std::vector<std::string>& names) {
  for (const auto& name : names) {
    std::fprintf(stderr, "sigtrace: note: no container named '%s' appeared\n", name.c_str());
  }
}

}  // namespace sigtrace
