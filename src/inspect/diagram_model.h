// The arrows both diagrams draw: for each program, every (map, verb) pair
// once, in the order the program first makes that call. This is how
// `ig image inspect` reads an object, so the diagrams compare directly.
#pragma once

#include <string>
#include <vector>

#include "inspect/inspection.h"

namespace sigtrace::inspect {

struct DiagramArrow {
  std::string node;  // a map's name, or the `?` node
  std::string verb;
};

struct DiagramModel {
  // Node id of maps the analysis could not determine, labelled `?`; chosen
  // not to collide with a map or program name. Used only with --all.
  std::string unknown_node;
  bool draws_unknown = false;
  // Some call that may act on one of several maps has arrows: to the map
  // `ig image inspect` draws, or with --all to each.
  bool draws_candidates = false;
  std::vector<std::vector<DiagramArrow>> arrows;  // parallel to Inspection::programs
};

DiagramModel diagram_model(const Inspection& inspection, bool all);

}  // namespace sigtrace::inspect
