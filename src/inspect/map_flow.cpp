#include "inspect/map_flow.h"

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <tuple>

#include "inspect/helper_calls.h"
#include "inspect/object_error.h"

namespace sigtrace::inspect {
namespace {

// The kernel's limit on nested bpf-to-bpf calls (MAX_CALL_FRAMES).
constexpr uint8_t kMaxFrames = 8;
// Far above what real objects need (a few thousand); keeps corrupt or
// adversarial input from running for long.
constexpr uint64_t kStepBudget = 20'000'000;
// Stack offsets are at most 512 bytes away from the frame pointer; anything
// much larger is garbage that must not overflow when offsets are added.
constexpr int64_t kOffsetLimit = int64_t{1} << 40;

constexpr uint32_t kArrayOfMaps = 12;
constexpr uint32_t kHashOfMaps = 13;

const MapFlowAnalysis::Summary& opaque_call() {
  static const MapFlowAnalysis::Summary kOpaque{Value::unknown(), {}, {}, false};
  return kOpaque;
}

// A total order on map uses, so that duplicates sit together and ties in
// the program layout come out the same on every run.
bool use_order(const MapUse& a, const MapUse& b) {
  auto key = [](const MapUse& use) {
    const Value& v = use.argument;
    return std::tuple(use.function, use.insn, use.helper, v.kind, v.frame, v.number, v.maps.count,
                      v.maps.overflow, v.maps.ids);
  };
  return key(a) < key(b);
}

std::optional<int> slot_of(int64_t offset) {
  if (offset < -kStackBytes || offset > -8 || offset % 8 != 0) return std::nullopt;
  return static_cast<int>((offset + kStackBytes) / 8);
}

}  // namespace

// Simulates one function's instructions under one calling context.
class FunctionWalk {
 public:
  using Summary = MapFlowAnalysis::Summary;
  using Context = MapFlowAnalysis::Context;

  FunctionWalk(MapFlowAnalysis& analysis, const Context& context)
      : analysis_(analysis),
        context_(context),
        function_(analysis.object_.functions()[context.function]),
        code_(analysis.object_.instructions(function_)) {}

  struct BlockEnd {
    std::vector<uint32_t> successors;
    bool exits = false;
  };

  // Runs the block starting at `start` on `state`; with a recorder, also
  // notes every map use along the way.
  BlockEnd walk(const MapFlowAnalysis::ControlFlow& flow, uint32_t start, AbstractState& state,
                Summary* recorder) {
    state_ = &state;
    recorder_ = recorder;
    uint32_t i = start;
    while (true) {
      analysis_.count_steps(1);
      const Insn& insn = code_[i];
      uint32_t next = i + (is_ld_imm64(insn) ? 2 : 1);
      if (is_jump_class(insn)) {
        uint8_t operation = insn_op(insn);
        if (operation == op::kExit) return {{}, true};
        if (operation == op::kJa) return {{jump_target(i, insn)}, false};
        // Both ways, even when the condition looks constant: CO-RE relocations
        // rewrite such constants when the object is loaded.
        if (operation != op::kCall) return {{next, jump_target(i, insn)}, false};
        call(i, insn);
      } else {
        step(i, insn);
      }
      if (next >= code_.size()) fail(i, "falls off the end of the function");
      if (flow.block_at[next] >= 0) return {{next}, false};
      i = next;
    }
  }

 private:
  [[noreturn]] void fail(uint32_t insn, const std::string& problem) const {
    throw_bad_object("function " + function_.name + ", instruction " + std::to_string(insn) + ": " +
                     problem);
  }

  uint32_t jump_target(uint32_t i, const Insn& insn) const {
    bool wide = insn_class(insn) == op::kJmp32 && insn_op(insn) == op::kJa;
    return static_cast<uint32_t>(int64_t{i} + 1 + (wide ? insn.imm : insn.off));
  }

  Value& reg(uint32_t i, uint8_t r) {
    if (r >= op::kRegCount) fail(i, "invalid register r" + std::to_string(r));
    return state_->regs[r];
  }

  void set_reg(uint32_t i, uint8_t r, const Value& value) {
    if (r == op::kFramePointer) fail(i, "writes the frame pointer");
    reg(i, r) = value;
  }

  void step(uint32_t i, const Insn& insn) {
    switch (insn_class(insn)) {
      case op::kLd: return load_immediate(i, insn);
      case op::kLdx:
        return set_reg(i, insn.dst,
                       load(reg(i, insn.src), insn.off, insn_size_bytes(insn),
                            insn_mode(insn) == op::kModeMemSx));
      case op::kSt:
        return store(reg(i, insn.dst), insn.off, insn_size_bytes(insn), Value::scalar(insn.imm));
      case op::kStx: return store_register(i, insn);
      default: return alu(i, insn);
    }
  }

  void load_immediate(uint32_t i, const Insn& insn) {
    if (!is_ld_imm64(insn)) {
      // Legacy packet loads: the result lands in r0, r1-r5 are scratched.
      state_->regs[0] = Value::other();
      for (int r = 1; r <= 5; ++r)
        state_->regs[r] = Value();
      return;
    }
    auto target = analysis_.object_.target(function_, i);
    Value value = Value::other();
    if (target && target->kind == InsnTarget::Kind::kMap) {
      value = Value::of_maps(ValueKind::kMapPtr, MapSet::of(target->index));
    } else if (target && target->kind == InsnTarget::Kind::kFunction) {
      value = Value::function(target->index);
    } else if (!target && insn.src == 0) {
      uint64_t high = static_cast<uint32_t>(code_[i + 1].imm);
      value = Value::scalar(static_cast<int64_t>(static_cast<uint32_t>(insn.imm) | high << 32));
    }
    set_reg(i, insn.dst, value);
  }

  Value load(const Value& base, int16_t off, uint8_t size, bool sign_extend) const {
    if (base.kind == ValueKind::kUnknown) return Value::unknown();
    if (base.kind != ValueKind::kStackPtr) return Value::other();
    // A caller's frame: what it holds is not tracked in this one.
    if (base.frame != context_.depth) return Value::unknown();
    auto slot = slot_of(base.number + off);
    if (size != 8 || sign_extend || !slot) return Value::other();
    const Value& held = state_->stack[*slot];
    return held.kind == ValueKind::kUninit ? Value::other() : held;
  }

  void store(const Value& base, int16_t off, uint8_t size, const Value& value) {
    if (base.kind == ValueKind::kUnknown) {
      // Any slot may or may not have been written.
      Value written = value.may_point_to_stack() ? Value::unknown() : Value::other();
      for (Value& slot : state_->stack)
        slot = join(slot, written);
      return;
    }
    // Only this frame's slots are tracked; a caller forgets the slots it
    // passed pointers to when the call returns.
    if (base.kind != ValueKind::kStackPtr || base.frame != context_.depth) return;
    int64_t begin = base.number + off;
    int64_t end = begin + size;
    if (begin < -kStackBytes || end > 0) return;  // the verifier rejects these
    if (auto slot = slot_of(begin); slot && size == 8) {
      state_->stack[*slot] = value.kind == ValueKind::kUninit ? Value::other() : value;
      return;
    }
    for (int64_t at = begin - ((begin % 8) + 8) % 8; at < end; at += 8) {
      if (auto slot = slot_of(at)) state_->stack[*slot] = Value::other();
    }
  }

  void store_register(uint32_t i, const Insn& insn) {
    const Value base = reg(i, insn.dst);
    uint8_t size = insn_size_bytes(insn);
    if (insn_mode(insn) != op::kModeAtomic) {
      store(base, insn.off, size, reg(i, insn.src));
      return;
    }
    store(base, insn.off, size, Value::other());
    if (insn.imm == op::kAtomicCmpxchg) {
      state_->regs[0] = Value::other();
    } else if (insn.imm & op::kAtomicFetch) {
      set_reg(i, insn.src, Value::other());
    }
  }

  void alu(uint32_t i, const Insn& insn) {
    bool wide = insn_class(insn) == op::kAlu64;
    bool from_register = (insn.code & op::kSrcReg) != 0;
    Value source = from_register ? reg(i, insn.src)
                                 : Value::scalar(wide ? int64_t{insn.imm}
                                                      : int64_t{static_cast<uint32_t>(insn.imm)});
    const Value target = reg(i, insn.dst);
    uint8_t operation = insn_op(insn);
    Value result = Value::other();
    if (operation == op::kMov && insn.off == 0) {
      if (wide) {
        result = source;  // the register copy the analysis follows
      } else if (source.kind == ValueKind::kScalar) {
        result = Value::scalar(static_cast<uint32_t>(source.number));
      }
    } else if (wide && (operation == op::kAdd || operation == op::kSub)) {
      result = add(target, source, operation == op::kSub);
    }
    set_reg(i, insn.dst, result);
  }

  static Value add(const Value& target, const Value& source, bool subtract) {
    std::optional<int64_t> delta;
    if (source.kind == ValueKind::kScalar && source.number > -kOffsetLimit &&
        source.number < kOffsetLimit) {
      delta = subtract ? -source.number : source.number;
    }
    switch (target.kind) {
      case ValueKind::kStackPtr:
        if (!delta || target.number + *delta <= -kOffsetLimit) return Value::unknown();
        return Value::stack(target.frame, target.number + *delta);
      case ValueKind::kMapValue: return source.may_point_to_stack() ? Value::unknown() : target;
      case ValueKind::kScalar:
        if (!subtract && source.kind == ValueKind::kStackPtr) {
          return add(source, target, false);
        }
        if (source.kind == ValueKind::kScalar) {
          uint64_t sum = static_cast<uint64_t>(target.number) +
                         (subtract ? -static_cast<uint64_t>(source.number)
                                   : static_cast<uint64_t>(source.number));
          return Value::scalar(static_cast<int64_t>(sum));
        }
        return source.may_point_to_stack() ? Value::unknown() : Value::other();
      case ValueKind::kUnknown:
      case ValueKind::kUninit: return Value::unknown();
      default: return source.may_point_to_stack() ? Value::unknown() : Value::other();
    }
  }

  std::array<Value, 5> arguments() const {
    return {state_->regs[1], state_->regs[2], state_->regs[3], state_->regs[4], state_->regs[5]};
  }

  void call(uint32_t i, const Insn& insn) {
    auto target = analysis_.object_.target(function_, i);
    std::array<Value, 5> args = arguments();
    Value result = Value::other();
    if (insn.code & op::kSrcReg) {
      // callx (through a register): not BPF the kernel runs; what it calls is unknown.
      forget_slots_behind(args, Value::unknown());
      result = Value::unknown();
    } else if (target && target->kind == InsnTarget::Kind::kFunction) {
      const Summary& callee = enter({target->index, 0, args});
      result = callee.returned;
      // A pointer into the callee's own frame is dead once it returns.
      if (result.kind == ValueKind::kStackPtr && result.frame > context_.depth) {
        result = Value::unknown();
      }
      forget_slots_behind(args, Value::unknown());
    } else if (!target && insn.src == op::kCallHelper) {
      result = helper_call(i, insn.imm, args);
    } else {
      forget_slots_behind(args, Value::other());  // a kernel function (kfunc)
    }
    state_->regs[0] = result;
    for (int r = 1; r <= 5; ++r)
      state_->regs[r] = Value();
  }

  Value helper_call(uint32_t i, int32_t id, const std::array<Value, 5>& args) {
    if (const MapHelper* helper = find_map_helper(id); helper && recorder_) {
      recorder_->uses.push_back({context_.function, i, id, args[helper->map_register - 1]});
    }
    if (const CallbackHelper* helper = find_callback_helper(id)) {
      const Value& callback = args[helper->callback_register - 1];
      if (callback.kind == ValueKind::kFuncPtr) {
        enter({static_cast<uint32_t>(callback.number), 0, callback_arguments(id, args)});
      }
    }
    if (!helper_only_reads_memory(id)) {
      // Registers past the helper's arguments are leftovers, not pointers it gets.
      std::array<Value, 5> pointers = args;
      for (size_t k = helper_argument_count(id); k < pointers.size(); ++k)
        pointers[k] = Value();
      forget_slots_behind(pointers, Value::other());
    }
    if (!helper_returns_map_value(id) || args[0].kind != ValueKind::kMapPtr) return Value::other();
    return Value::of_maps(
        returns_inner_map(id, args[0]) ? ValueKind::kInnerMap : ValueKind::kMapValue, args[0].maps);
  }

  // A lookup in a map of maps returns the inner map itself.
  bool returns_inner_map(int32_t id, const Value& map) const {
    if (id != helper::kMapLookupElem || map.maps.overflow) return false;
    const auto& maps = analysis_.object_.maps();
    for (size_t k = 0; k < map.maps.count; ++k) {
      uint32_t type = maps[map.maps.ids[k]].type;
      if (type != kArrayOfMaps && type != kHashOfMaps) return false;
    }
    return true;
  }

  // What the kernel passes to each helper's callback.
  static std::array<Value, 5> callback_arguments(int32_t id, const std::array<Value, 5>& args) {
    auto maps_of = [](const Value& value, ValueKind kind) {
      bool known = value.kind == ValueKind::kMapPtr || value.kind == ValueKind::kMapValue;
      return known ? Value::of_maps(kind, value.maps) : Value::unknown();
    };
    switch (id) {
      case helper::kForEachMapElem:  // (map, key, value, ctx)
        return {maps_of(args[0], ValueKind::kMapPtr), Value::other(),
                maps_of(args[0], ValueKind::kMapValue), args[2], Value()};
      case helper::kTimerSetCallback:  // (map, key, value)
        return {maps_of(args[0], ValueKind::kMapPtr), Value::other(),
                maps_of(args[0], ValueKind::kMapValue), Value(), Value()};
      case helper::kFindVma:  // (task, vma, ctx)
        return {Value::other(), Value::other(), args[3], Value(), Value()};
      default:  // bpf_loop (index, ctx), user_ringbuf_drain (dynptr, ctx)
        return {Value::other(), args[2], Value(), Value(), Value()};
    }
  }

  const Summary& enter(Context callee) {
    callee.depth = static_cast<uint8_t>(context_.depth + 1);
    const Summary& summary =
        callee.depth >= kMaxFrames ? opaque_call() : analysis_.summarize(callee);
    if (recorder_) {
      analysis_.count_steps(summary.uses.size() + summary.reached.size());
      recorder_->uses.insert(recorder_->uses.end(), summary.uses.begin(), summary.uses.end());
      recorder_->reached.insert(recorder_->reached.end(), summary.reached.begin(),
                                summary.reached.end());
      recorder_->complete = recorder_->complete && summary.complete;
    }
    return summary;
  }

  // Helpers and callees may write through pointers into this frame, at and
  // above where they point. A helper writes data; a sub-program may store
  // any pointer, so after it the slots may hold anything.
  void forget_slots_behind(const std::array<Value, 5>& args, const Value& written) {
    for (const Value& arg : args) {
      int64_t lowest = 0;
      if (arg.kind == ValueKind::kUnknown) {
        lowest = -kStackBytes;
      } else if (arg.kind == ValueKind::kStackPtr && arg.frame == context_.depth) {
        lowest = std::max<int64_t>(arg.number - ((arg.number % 8) + 8) % 8, -kStackBytes);
      } else {
        continue;
      }
      for (int64_t at = lowest; at < 0; at += 8) {
        if (auto slot = slot_of(at)) state_->stack[*slot] = join(state_->stack[*slot], written);
      }
    }
  }

  MapFlowAnalysis& analysis_;
  const Context& context_;
  const Function& function_;
  std::span<const Insn> code_;
  AbstractState* state_ = nullptr;
  Summary* recorder_ = nullptr;
};

size_t MapFlowAnalysis::ContextHash::operator()(const Context& context) const {
  size_t hash = context.function * 31u + context.depth;
  for (const Value& arg : context.args)
    hash = hash * 1000003u ^ hash_value(arg);
  return hash;
}

void MapFlowAnalysis::count_steps(uint64_t steps) {
  steps_ += steps;
  if (steps_ > kStepBudget) throw_bad_object("the object is too large to analyze");
}

const MapFlowAnalysis::Summary& MapFlowAnalysis::summarize(const Context& context) {
  if (auto found = summaries_.find(context); found != summaries_.end()) return found->second;
  // Recursion: the verifier rejects it, so the file is odd; do not follow.
  if (in_progress_.contains(context)) return opaque_call();
  in_progress_.insert(context);
  Summary summary = run(context);
  in_progress_.erase(context);
  return summaries_.emplace(context, std::move(summary)).first->second;
}

const MapFlowAnalysis::ControlFlow& MapFlowAnalysis::control_flow(uint32_t index) {
  if (auto found = control_flows_.find(index); found != control_flows_.end()) return found->second;
  const Function& function = object_.functions()[index];
  std::span<const Insn> code = object_.instructions(function);
  auto fail = [&](uint32_t insn, const char* problem) {
    throw_bad_object("function " + function.name + ", instruction " + std::to_string(insn) + ": " +
                     problem);
  };
  std::vector<bool> leader(code.size(), false);
  std::vector<bool> second_half(code.size(), false);
  leader[0] = true;
  for (uint32_t i = 0; i < code.size(); ++i) {
    const Insn& insn = code[i];
    if (is_ld_imm64(insn)) {
      if (i + 1 >= code.size()) fail(i, "truncated 64-bit load");
      second_half[++i] = true;
      continue;
    }
    if (!is_jump_class(insn)) continue;
    uint8_t operation = insn_op(insn);
    bool wide = insn_class(insn) == op::kJmp32;
    if (operation >= op::kFirstInvalidJump ||
        (wide && (operation == op::kCall || operation == op::kExit))) {
      fail(i, "invalid jump instruction");
    }
    if (operation == op::kCall) continue;
    if (i + 1 < code.size()) leader[i + 1] = true;
    if (operation == op::kExit) continue;
    if (operation != op::kJa && i + 1 >= code.size()) fail(i, "falls off the end of the function");
    int64_t target = int64_t{i} + 1 + (wide && operation == op::kJa ? insn.imm : insn.off);
    if (target < 0 || target >= static_cast<int64_t>(code.size()))
      fail(i, "jumps out of the function");
    leader[target] = true;
  }
  ControlFlow flow;
  flow.block_at.assign(code.size(), -1);
  for (uint32_t i = 0; i < code.size(); ++i) {
    if (!leader[i]) continue;
    if (second_half[i]) fail(i, "jumps into the middle of a 64-bit load");
    flow.block_at[i] = static_cast<int32_t>(flow.starts.size());
    flow.starts.push_back(i);
  }
  return control_flows_.emplace(index, std::move(flow)).first->second;
}

MapFlowAnalysis::Summary MapFlowAnalysis::run(const Context& context) {
  const ControlFlow& flow = control_flow(context.function);
  std::vector<std::optional<AbstractState>> entry(flow.starts.size());
  AbstractState& first = entry[0].emplace();
  for (int r = 1; r <= 5; ++r)
    first.regs[r] = context.args[r - 1];
  first.regs[op::kFramePointer] = Value::stack(context.depth, 0);

  Summary summary;
  FunctionWalk walk(*this, context);
  std::set<uint32_t> pending = {0};  // blocks, lowest first: a stable order
  while (!pending.empty()) {
    uint32_t block = *pending.begin();
    pending.erase(pending.begin());
    AbstractState state = *entry[block];
    auto end = walk.walk(flow, flow.starts[block], state, nullptr);
    if (end.exits) summary.returned = join(summary.returned, state.regs[0]);
    for (uint32_t successor : end.successors) {
      auto& target = entry[flow.block_at[successor]];
      if (!target) {
        target = state;
      } else if (!join_into(*target, state)) {
        continue;
      }
      pending.insert(static_cast<uint32_t>(flow.block_at[successor]));
    }
  }
  // Map uses are recorded once the states no longer change.
  summary.reached.push_back(context.function);
  for (uint32_t block = 0; block < flow.starts.size(); ++block) {
    if (!entry[block]) continue;
    AbstractState state = *entry[block];
    walk.walk(flow, flow.starts[block], state, &summary);
  }
  std::sort(summary.reached.begin(), summary.reached.end());
  summary.reached.erase(std::unique(summary.reached.begin(), summary.reached.end()),
                        summary.reached.end());
  std::sort(summary.uses.begin(), summary.uses.end(), use_order);
  summary.uses.erase(std::unique(summary.uses.begin(), summary.uses.end()), summary.uses.end());
  return summary;
}

ProgramFlow MapFlowAnalysis::analyze(uint32_t program) {
  ProgramFlow flow;
  flow.layout = layout_program(object_, program);
  Context main{program, 0, {Value::other(), Value(), Value(), Value(), Value()}};
  Summary all = summarize(main);
  // Code reached only through a callback the analysis could not pin down:
  // still read it, with nothing known about its arguments.
  for (uint32_t function : flow.layout.functions) {
    if (std::find(all.reached.begin(), all.reached.end(), function) != all.reached.end()) continue;
    Value unknown = Value::unknown();
    const Summary& orphan = summarize({function, 1, {unknown, unknown, unknown, unknown, unknown}});
    all.uses.insert(all.uses.end(), orphan.uses.begin(), orphan.uses.end());
    all.reached.insert(all.reached.end(), orphan.reached.begin(), orphan.reached.end());
    all.complete = all.complete && orphan.complete;
  }
  auto position = [&flow](const MapUse& use) {
    return flow.layout.position(use.function, use.insn).value_or(UINT32_MAX);
  };
  std::stable_sort(all.uses.begin(), all.uses.end(),
                   [&](const MapUse& a, const MapUse& b) { return position(a) < position(b); });
  for (const MapUse& use : all.uses) {
    if (std::find(flow.uses.begin(), flow.uses.end(), use) == flow.uses.end()) {
      flow.uses.push_back(use);
    }
  }
  flow.complete = all.complete;
  return flow;
}

}  // namespace sigtrace::inspect
