// Everything `sigtrace inspect` reports about one BPF object, by name: its
// programs, its maps and every helper call through which a program acts on
// a map. The renderers only format this.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "inspect/map_definitions.h"

namespace sigtrace::inspect {

struct InspectedProgram {
  std::string name;
  std::string section;
  std::string attach_type;
  std::optional<std::string> attach_target;
  uint32_t instructions = 0;             // as loaded: with its sub-programs
  std::vector<std::string> subprograms;  // in load order
  bool analysis_complete = true;
};

using InspectedMap = MapAttributes;

struct Interaction {
  std::string program;
  std::string function;                   // the program or the sub-program the call is in
  uint32_t insn = 0;                      // index in the program as loaded
  std::string verb;                       // "Lookup", "EventOutput", "RingbufReserve", ...
  bool reference_verb = false;            // one `ig image inspect` draws too
  std::optional<std::string> map;         // absent when the analysis cannot tell
  std::vector<std::string> candidates;    // then: the maps it may be, if known
  std::vector<std::string> inner_map_of;  // or: a map found in one of these maps of maps
  // With candidates: the one `ig image inspect` draws (see last_loads.h), if it is one.
  std::optional<std::string> last_loaded;

  bool operator==(const Interaction&) const = default;
};

struct Inspection {
  std::string object;                      // file name, for the reader
  std::vector<InspectedProgram> programs;  // by name
  std::vector<InspectedMap> maps;          // by name
  std::vector<Interaction> interactions;   // by program name, then instruction
};

// Throws Error(kBadObject) with a one-line reason.
Inspection inspect_object(std::vector<uint8_t> bytes, std::string object_name);

}  // namespace sigtrace::inspect
