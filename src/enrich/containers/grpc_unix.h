// One unary gRPC call over a unix socket: HTTP/2 in the clear, headers as
// plain HPACK literals, no compression. Just enough for containerd's API,
// the only way to its containers' labels and images outside their bundles.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sigtrace {

struct GrpcRequest {
  std::string method;  // "/containerd.services.containers.v1.Containers/List"
  std::vector<std::pair<std::string, std::string>> metadata;  // {"containerd-namespace", "k8s.io"}
  std::string message;                                        // the request, serialized
};

// The response message; nothing when the socket does not answer in time,
// the call failed, or the answer is not one uncompressed message.
std::optional<std::string> grpc_call_unix(const std::string& socket_path,
                                          const GrpcRequest& request,
                                          std::chrono::milliseconds timeout);

// What the client writes: the connection preface, its settings, a window
// wide enough for any answer, and the call on stream 1.
std::string http2_call_bytes(const GrpcRequest& request);

// The server's side of the connection as it comes in, frame by frame.
class Http2Answer {
 public:
  // Takes what was read; returns the frames to write back (acknowledged
  // settings and pings), often none.
  std::string feed(std::string_view bytes);
  // Stream 1 ended (or the connection did).
  bool done() const { return done_; }
  // The one gRPC message stream 1 carried.
  std::optional<std::string> message() const;

 private:
  std::string handle(uint8_t type, uint8_t flags, uint32_t stream, std::string_view payload);

  std::string pending_;
  std::string data_;  // stream 1's DATA, padding removed
  bool done_ = false;
  bool broken_ = false;
};

}  // namespace sigtrace
