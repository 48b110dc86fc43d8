// What a program's section name says about where it attaches, following
// libbpf's section naming ("tracepoint/signal/signal_generate").
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sigtrace::inspect {

struct AttachPoint {
  std::string type;                   // "tracepoint", "kprobe", "xdp", ...
  std::optional<std::string> target;  // "signal/signal_generate", a function name, ...
};

AttachPoint attach_point(std::string_view section);

}  // namespace sigtrace::inspect
