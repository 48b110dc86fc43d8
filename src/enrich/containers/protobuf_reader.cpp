#include "enrich/containers/protobuf_reader.h"

namespace sigtrace {
namespace {

constexpr int kMaxVarintBytes = 10;

}  // namespace

bool ProtobufReader::fail() {
  failed_ = true;
  rest_ = {};
  return false;
}

bool ProtobufReader::read_varint(uint64_t& value) {
  value = 0;
  for (int i = 0; i < kMaxVarintBytes && !rest_.empty(); ++i) {
    auto byte = static_cast<uint8_t>(rest_.front());
    rest_.remove_prefix(1);
    value |= static_cast<uint64_t>(byte & 0x7f) << (7 * i);
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

bool ProtobufReader::skip(size_t size) {
  if (rest_.size() < size) return false;
  rest_.remove_prefix(size);
  return true;
}

bool ProtobufReader::next() {
  if (failed_ || rest_.empty()) return false;
  uint64_t key = 0;
  if (!read_varint(key) || (key >> 3) == 0 || (key >> 3) > UINT32_MAX) return fail();
  field_ = static_cast<uint32_t>(key >> 3);
  wire_type_ = static_cast<uint32_t>(key & 7);
  bytes_ = {};
  uint64_t value = 0;
  switch (wire_type_) {
    case kVarint: return read_varint(value) || fail();
    case kFixed64: return skip(8) || fail();
    case kFixed32: return skip(4) || fail();
    case kBytes:
      if (!read_varint(value) || value > rest_.size()) return fail();
      bytes_ = rest_.substr(0, value);
      rest_.remove_prefix(value);
      return true;
    default: return fail();  // groups, long deprecated, and garbage
  }
}

}  // namespace sigtrace
