#include "app/summary.h"

#include <cstdio>

namespace sigtrace {
namespace {

using ull = unsigned long long;

// Why the events read but not written were not: the reader's doing, or
// --count's.
void report_unwritten(const Pipeline& pipeline, const OutputStream& output,
                      std::optional<uint64_t> count) {
  auto unwritten = static_cast<ull>(output.unwritten() + pipeline.refused());
  if (unwritten == 0) return;
  if (output.gave_up()) {
    std::fprintf(stderr,
                 "sigtrace: warning: %llu events were not written: the output took nothing "
                 "for a second while sigtrace was ending\n",
                 unwritten);
  } else if (output.closed()) {
    std::fprintf(stderr, "sigtrace: warning: %llu events were not written: the output was closed\n",
                 unwritten);
  } else {
    std::fprintf(stderr, "sigtrace: note: %llu events were not written: --count %llu was reached\n",
                 unwritten, static_cast<ull>(count.value_or(0)));
  }
}

}  // namespace

void report_end(const Pipeline& pipeline, const OutputStream& output, const LossCounts& losses,
                std::optional<uint64_t> count) {
  std::fprintf(stderr, "sigtrace: %llu events, %llu lost\n",
               static_cast<ull>(pipeline.formatted() - output.unwritten()),
               static_cast<ull>(losses.total()));
  report_unwritten(pipeline, output, count);
  if (losses.events > 0) {
    std::fprintf(stderr,
                 "sigtrace: warning: %llu events were dropped because the buffer was full; "
                 "try --buffer-size or a narrower filter\n",
                 static_cast<ull>(losses.events));
  }
  if (losses.calls > 0) {
    std::fprintf(stderr,
                 "sigtrace: warning: %llu calls were not traced: too many signal syscalls "
                 "in flight at once\n",
                 static_cast<ull>(losses.calls));
  }
}

void report_never_seen(const std::vector<std::string>& names) {
  for (const auto& name : names) {
    std::fprintf(stderr, "sigtrace: note: no container named '%s' appeared\n", name.c_str());
  }
}

}  // namespace sigtrace
