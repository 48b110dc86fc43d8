// Little-endian reads from untrusted bytes: every offset is checked, nothing
// is ever read past the end, and overflowing arithmetic counts as "out of range".
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace sigtrace::inspect {

using Bytes = std::span<const uint8_t>;

// offset + length, or nothing when it overflows or ends past `limit`.
inline std::optional<uint64_t> checked_end(uint64_t offset, uint64_t length, uint64_t limit) {
  if (offset > limit || length > limit - offset) return std::nullopt;
  return offset + length;
}

inline std::optional<Bytes> slice(Bytes bytes, uint64_t offset, uint64_t length) {
  if (!checked_end(offset, length, bytes.size())) return std::nullopt;
  return bytes.subspan(static_cast<size_t>(offset), static_cast<size_t>(length));
}

template <typename T>
std::optional<T> load_le(Bytes bytes, uint64_t offset) {
  if (!checked_end(offset, sizeof(T), bytes.size())) return std::nullopt;
  uint64_t value = 0;
  for (size_t i = 0; i < sizeof(T); ++i) {
    value |= static_cast<uint64_t>(bytes[static_cast<size_t>(offset) + i]) << (8 * i);
  }
  return static_cast<T>(value);
}

// The NUL-terminated string at `offset`; nothing if it is out of range or
// runs to the end of `bytes` without a terminator.
inline std::optional<std::string_view> c_string_at(Bytes bytes, uint64_t offset) {
  if (offset >= bytes.size()) return std::nullopt;
  const auto* begin = reinterpret_cast<const char*>(bytes.data()) + offset;
  size_t available = bytes.size() - static_cast<size_t>(offset);
  std::string_view rest(begin, available);
  size_t end = rest.find('\0');
  if (end == std::string_view::npos) return std::nullopt;
  return rest.substr(0, end);
}

}  // namespace sigtrace::inspect
