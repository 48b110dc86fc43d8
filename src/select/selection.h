// The select stage: what user space drops after enrichment. Containers
// (select/container_selection.h), where a signal came from (--via), and the
// target's name where the kernel could not tell it (--tcomm for a kill-only
// call that generated no signal: its target is named from /proc).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/enriched_event.h"
#include "select/container_selection.h"

namespace sigtrace {

struct SelectionChoice {
  ContainerChoice containers;
  std::vector<std::string> via;  // empty: any
  std::optional<std::string> tcomm;
  // A filter picks sending tasks (-p, --tid, -u, -g, --comm, --mntns, -c,
  // --host): a signal the kernel sent (an interrupt's, the OOM killer's)
  // has no sending task and passes none of them, whoever was interrupted.
  bool senders_chosen = false;
  bool deaths_only = false;  // --deaths
};

class Selection {
 public:
  explicit Selection(SelectionChoice choice);

  const ContainerSelection& containers() const { return containers_; }
  bool keeps(const EnrichedEvent& event) const;

 private:
  bool via_kept(const EnrichedEvent& event) const;
  bool tcomm_kept(const EnrichedEvent& event) const;
  bool sender_kept(const EnrichedEvent& event) const;
  bool fate_kept(const EnrichedEvent& event) const;

  ContainerSelection containers_;
  std::vector<std::string> via_;
  std::optional<std::string> tcomm_;
  bool senders_chosen_;
  bool deaths_only_;
};

// Whether `name` can be a --via: an origin or a system call of this
// machine's table.
bool is_via_name(std::string_view name);

}  // namespace sigtrace
