// Ownership of libbpf links.
#pragma once

#include <bpf/libbpf.h>

#include <memory>

namespace sigtrace {

struct BpfLinkDeleter {
  void operator()(bpf_link* link) const { bpf_link__destroy(link); }
};
using BpfLink = std::unique_ptr<bpf_link, BpfLinkDeleter>;

}  // namespace sigtrace
