// Which map each helper call of a program acts on. The analysis follows map
// pointers through register copies, 8-byte stack spills and fills, and into
// sub-programs and callbacks with the arguments of each call site. Where
// paths disagree it keeps the candidates (or gives up), never picking one.
#pragma once

#include <array>
#include <cstdint>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "inspect/abstract_state.h"
#include "inspect/bpf_object.h"
#include "inspect/program_layout.h"

namespace sigtrace::inspect {

// A helper call that takes a map, and what was known of its map argument.
struct MapUse {
  uint32_t function = 0;  // index into BpfObject::functions()
  uint32_t insn = 0;      // instruction index within that function
  int32_t helper = 0;
  Value argument;

  bool operator==(const MapUse&) const = default;
};

struct ProgramFlow {
  ProgramLayout layout;
  std::vector<MapUse> uses;  // in layout order
  // False when calls nest deeper than the kernel allows or recurse: the
  // analysis then did not follow them.
  bool complete = true;
};

class MapFlowAnalysis {
 public:
  explicit MapFlowAnalysis(const BpfObject& object) : object_(object) {}

  // Throws Error(kBadObject) for code no verifier would accept the shape of
  // (jumps out of the function, truncated instructions) and for programs too
  // large to analyze.
  ProgramFlow analyze(uint32_t program);

  struct Context {
    uint32_t function = 0;
    uint8_t depth = 0;            // frame number: 0 for the program
    std::array<Value, 5> args{};  // r1-r5 at entry

    bool operator==(const Context&) const = default;
  };
  struct ContextHash {
    size_t operator()(const Context& context) const;
  };
  struct Summary {
    Value returned;
    std::vector<MapUse> uses;
    std::vector<uint32_t> reached;  // functions whose code was analyzed
    bool complete = true;
  };
  struct ControlFlow {
    std::vector<uint32_t> starts;   // first instruction of each basic block
    std::vector<int32_t> block_at;  // instruction -> block starting there, or -1
  };

 private:
  friend class FunctionWalk;

  const Summary& summarize(const Context& context);
  Summary run(const Context& context);
  const ControlFlow& control_flow(uint32_t function);
  void count_steps(uint64_t steps);

  const BpfObject& object_;
  std::unordered_map<Context, Summary, ContextHash> summaries_;
  std::unordered_set<Context, ContextHash> in_progress_;
  std::unordered_map<uint32_t, ControlFlow> control_flows_;
  uint64_t steps_ = 0;
};

}  // namespace sigtrace::inspect
