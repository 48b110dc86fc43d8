// BPF instructions as they sit in an object file, and the opcode facts the
// inspector needs (values from the kernel's instruction set documentation).
#pragma once

#include <cstdint>

namespace sigtrace::inspect {

struct Insn {
  uint8_t code = 0;
  uint8_t dst = 0;
  uint8_t src = 0;
  int16_t off = 0;
  int32_t imm = 0;
};

namespace op {
// Instruction classes (code & 0x07).
inline constexpr uint8_t kLd = 0x00;
inline constexpr uint8_t kLdx = 0x01;
inline constexpr uint8_t kSt = 0x02;
inline constexpr uint8_t kStx = 0x03;
inline constexpr uint8_t kAlu = 0x04;
inline constexpr uint8_t kJmp = 0x05;
inline constexpr uint8_t kJmp32 = 0x06;
inline constexpr uint8_t kAlu64 = 0x07;

// Load/store modes (code & 0xe0) and sizes (code & 0x18).
inline constexpr uint8_t kModeImm = 0x00;
inline constexpr uint8_t kModeMem = 0x60;
inline constexpr uint8_t kModeMemSx = 0x80;
inline constexpr uint8_t kModeAtomic = 0xc0;
inline constexpr uint8_t kSizeW = 0x00;
inline constexpr uint8_t kSizeH = 0x08;
inline constexpr uint8_t kSizeB = 0x10;
inline constexpr uint8_t kSizeDw = 0x18;
inline constexpr uint8_t kLdImm64 = kLd | kModeImm | kSizeDw;  // 0x18, two slots

// ALU operations (code & 0xf0) and operand source (code & 0x08).
inline constexpr uint8_t kAdd = 0x00;
inline constexpr uint8_t kSub = 0x10;
inline constexpr uint8_t kMov = 0xb0;
inline constexpr uint8_t kSrcReg = 0x08;

// Jump operations (code & 0xf0).
inline constexpr uint8_t kJa = 0x00;
inline constexpr uint8_t kCall = 0x80;
inline constexpr uint8_t kExit = 0x90;
inline constexpr uint8_t kFirstInvalidJump = 0xe0;

// Atomic operation flag (imm) that loads the old value back.
inline constexpr int32_t kAtomicFetch = 0x01;
inline constexpr int32_t kAtomicCmpxchg = 0xf0 | kAtomicFetch;

// src_reg of a call: helper, bpf-to-bpf call, kernel function.
inline constexpr uint8_t kCallHelper = 0;
inline constexpr uint8_t kCallPseudo = 1;
inline constexpr uint8_t kCallKfunc = 2;

inline constexpr uint8_t kRegCount = 11;  // r0-r9 and the frame pointer r10
inline constexpr uint8_t kFramePointer = 10;
}  // namespace op

inline uint8_t insn_class(const Insn& insn) {
  return insn.code & 0x07;
}
inline uint8_t insn_mode(const Insn& insn) {
  return insn.code & 0xe0;
}
inline uint8_t insn_size_bytes(const Insn& insn) {
  switch (insn.code & 0x18) {
    case op::kSizeW: return 4;
    case op::kSizeH: return 2;
    case op::kSizeB: return 1;
    default: return 8;
  }
}
inline uint8_t insn_op(const Insn& insn) {
  return insn.code & 0xf0;
}
inline bool is_ld_imm64(const Insn& insn) {
  return insn.code == op::kLdImm64;
}
inline bool is_jump_class(const Insn& insn) {
  return insn_class(insn) == op::kJmp || insn_class(insn) == op::kJmp32;
}
inline bool is_call(const Insn& insn) {
  return insn.code == (op::kJmp | op::kCall);
}
inline bool is_exit(const Insn& insn) {
  return insn.code == (op::kJmp | op::kExit);
}

}  // namespace sigtrace::inspect
