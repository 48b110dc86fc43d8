#include "enrich/containers/grpc_unix.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/unique_fd.h"
#include "enrich/containers/unix_socket.h"

namespace sigtrace {
namespace {

constexpr std::string_view kPreface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
constexpr size_t kFrameHeader = 9;
constexpr uint32_t kStream = 1;
constexpr uint32_t kLargestWindow = 0x7fffffff;
constexpr uint32_t kDefaultWindow = 65535;

enum FrameType : uint8_t {
  kData = 0x0,
  kHeaders = 0x1,
  kRstStream = 0x3,
  kSettings = 0x4,
  kPing = 0x6,
  kGoaway = 0x7,
  kWindowUpdate = 0x8,
};
constexpr uint8_t kEndStream = 0x1;
constexpr uint8_t kAck = 0x1;
constexpr uint8_t kEndHeaders = 0x4;
constexpr uint8_t kPadded = 0x8;
constexpr uint16_t kSettingInitialWindow = 0x4;

void append_u32(std::string& out, uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((value >> shift) & 0xff));
}

uint32_t read_u32(std::string_view bytes) {
  uint32_t value = 0;
  for (size_t i = 0; i < 4; ++i)
    value = (value << 8) | static_cast<uint8_t>(bytes[i]);
  return value;
}

std::string frame(uint8_t type, uint8_t flags, uint32_t stream, std::string_view payload) {
  std::string out;
  auto size = static_cast<uint32_t>(payload.size());
  out.push_back(static_cast<char>((size >> 16) & 0xff));
  out.push_back(static_cast<char>((size >> 8) & 0xff));
  out.push_back(static_cast<char>(size & 0xff));
  out.push_back(static_cast<char>(type));
  out.push_back(static_cast<char>(flags));
  append_u32(out, stream);
  out.append(payload);
  return out;
}

// HPACK's integer with a 7-bit prefix, the string's Huffman bit clear.
void append_hpack_string(std::string& out, std::string_view text) {
  size_t size = text.size();
  if (size < 127) {
    out.push_back(static_cast<char>(size));
  } else {
    out.push_back(static_cast<char>(127));
    for (size -= 127; size >= 128; size >>= 7)
      out.push_back(static_cast<char>((size & 0x7f) | 0x80));
    out.push_back(static_cast<char>(size));
  }
  out.append(text);
}

// A literal header field without indexing, with a literal name.
void append_header(std::string& out, std::string_view name, std::string_view value) {
  out.push_back(0);
  append_hpack_string(out, name);
  append_hpack_string(out, value);
}

std::string header_block(const GrpcRequest& request) {
  std::string block;
  append_header(block, ":method", "POST");
  append_header(block, ":scheme", "http");
  append_header(block, ":path", request.method);
  append_header(block, ":authority", "localhost");
  append_header(block, "content-type", "application/grpc");
  append_header(block, "te", "trailers");
  for (const auto& [name, value] : request.metadata)
    append_header(block, name, value);
  return block;
}

// gRPC's length-prefixed message: not compressed, then its size.
std::string grpc_frame(std::string_view message) {
  std::string out(1, '\0');
  append_u32(out, static_cast<uint32_t>(message.size()));
  out.append(message);
  return out;
}

}  // namespace

std::string http2_call_bytes(const GrpcRequest& request) {
  std::string out(kPreface);
  std::string settings;
  settings.push_back(static_cast<char>(kSettingInitialWindow >> 8));
  settings.push_back(static_cast<char>(kSettingInitialWindow & 0xff));
  append_u32(settings, kLargestWindow);
  out += frame(kSettings, 0, 0, settings);
  std::string increment;
  append_u32(increment, kLargestWindow - kDefaultWindow);
  out += frame(kWindowUpdate, 0, 0, increment);
  out += frame(kHeaders, kEndHeaders, kStream, header_block(request));
  out += frame(kData, kEndStream, kStream, grpc_frame(request.message));
  return out;
}

std::string Http2Answer::handle(uint8_t type, uint8_t flags, uint32_t stream,
                                std::string_view payload) {
  if (type == kSettings && !(flags & kAck)) return frame(kSettings, kAck, 0, {});
  if (type == kPing && !(flags & kAck)) return frame(kPing, kAck, 0, payload);
  if (type == kGoaway || (type == kRstStream && stream == kStream)) {
    broken_ = type == kRstStream || data_.empty();
    done_ = true;
  }
  if (stream != kStream || (type != kData && type != kHeaders)) return {};
  if (type == kData) {
    if (flags & kPadded) {
      size_t padding = payload.empty() ? 1 : static_cast<uint8_t>(payload[0]);
      if (payload.size() < padding + 1) {
        broken_ = done_ = true;
        return {};
      }
      payload = payload.substr(1, payload.size() - 1 - padding);
    }
    data_.append(payload);
  }
  if (flags & kEndStream) done_ = true;
  return {};
}

std::string Http2Answer::feed(std::string_view bytes) {
  pending_.append(bytes);
  std::string reply;
  std::string_view rest = pending_;
  while (!done_ && rest.size() >= kFrameHeader) {
    size_t size = (static_cast<size_t>(static_cast<uint8_t>(rest[0])) << 16) |
                  (static_cast<size_t>(static_cast<uint8_t>(rest[1])) << 8) |
                  static_cast<uint8_t>(rest[2]);
    if (rest.size() < kFrameHeader + size) break;
    auto type = static_cast<uint8_t>(rest[3]);
    auto flags = static_cast<uint8_t>(rest[4]);
    uint32_t stream = read_u32(rest.substr(5)) & 0x7fffffff;
    reply += handle(type, flags, stream, rest.substr(kFrameHeader, size));
    rest.remove_prefix(kFrameHeader + size);
  }
  pending_ = std::string(rest);
  return reply;
}

std::optional<std::string> Http2Answer::message() const {
  if (broken_ || data_.size() < 5 || data_[0] != 0) return std::nullopt;
  uint32_t size = read_u32(std::string_view(data_).substr(1));
  if (data_.size() != 5 + static_cast<size_t>(size)) return std::nullopt;
  return data_.substr(5);
}

std::optional<std::string> grpc_call_unix(const std::string& socket_path,
                                          const GrpcRequest& request,
                                          std::chrono::milliseconds timeout) {
  auto deadline = SocketClock::now() + timeout;
  UniqueFd fd = connect_unix(socket_path);
  if (!fd.valid()) return std::nullopt;
  if (!send_all(fd.get(), http2_call_bytes(request), deadline)) return std::nullopt;
  Http2Answer answer;
  char buffer[16384];
  while (!answer.done()) {
    if (!wait_for(fd.get(), POLLIN, deadline)) return std::nullopt;
    ssize_t n = ::recv(fd.get(), buffer, sizeof(buffer), 0);
    if (n == 0) break;
    if (n < 0 && errno != EAGAIN && errno != EINTR) return std::nullopt;
    if (n > 0) {
      std::string reply = answer.feed(std::string_view(buffer, static_cast<size_t>(n)));
      if (!reply.empty() && !send_all(fd.get(), reply, deadline)) return std::nullopt;
    }
  }
  return answer.done() ? answer.message() : std::nullopt;
}

}  // namespace sigtrace
