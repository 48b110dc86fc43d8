// Reading protocol buffers' wire format field by field, without their
// schema compiler: enough for the few messages of containerd's API that
// sigtrace reads.
#pragma once

#include <cstdint>
#include <string_view>

namespace sigtrace {

class ProtobufReader {
 public:
  explicit ProtobufReader(std::string_view message) : rest_(message) {}

  // Moves to the next field; false at the end, or for good once the
  // message is found malformed (see failed()).
  bool next();
  uint32_t field() const { return field_; }
  // For length-delimited fields (strings, messages, maps' entries).
  bool has_bytes() const { return wire_type_ == kBytes; }
  std::string_view bytes() const { return bytes_; }
  bool failed() const { return failed_; }

 private:
  static constexpr uint32_t kVarint = 0;
  static constexpr uint32_t kFixed64 = 1;
  static constexpr uint32_t kBytes = 2;
  static constexpr uint32_t kFixed32 = 5;

  bool read_varint(uint64_t& value);
  bool skip(size_t size);
  bool fail();

  std::string_view rest_;
  uint32_t field_ = 0;
  uint32_t wire_type_ = 0;
  std::string_view bytes_;
  bool failed_ = false;
};

}  // namespace sigtrace
