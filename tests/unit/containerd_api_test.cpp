// containerd's API without its generated code: protocol buffers read field
// by field, HTTP/2 frames as a gRPC server sends them, and a
// ListContainersResponse encoded here byte by byte as containerd encodes it.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "enrich/containers/containerd_api.h"
#include "enrich/containers/containerd_state.h"
#include "enrich/containers/grpc_unix.h"
#include "enrich/containers/protobuf_reader.h"

namespace sigtrace {
namespace {

// Protocol buffers' wire format, the few pieces these tests write.
std::string varint(uint64_t value) {
  std::string out;
  for (; value >= 0x80; value >>= 7)
    out.push_back(static_cast<char>((value & 0x7f) | 0x80));
  out.push_back(static_cast<char>(value));
  return out;
}
std::string bytes_field(uint32_t field, const std::string& bytes) {
  return varint(uint64_t{field} << 3 | 2) + varint(bytes.size()) + bytes;
}
std::string varint_field(uint32_t field, uint64_t value) {
  return varint(uint64_t{field} << 3) + varint(value);
}
std::string label(const std::string& key, const std::string& value) {
  return bytes_field(2, bytes_field(1, key) + bytes_field(2, value));
}

// containerd.services.containers.v1.Container, every field a real one has.
std::string container(const std::string& id, const std::string& image, const std::string& labels) {
  std::string any_spec = bytes_field(1, "types.containerd.io/opencontainers/runtime-spec/1/Spec") +
                         bytes_field(2, R"({"ociVersion":"1.0.2-dev"})");
  std::string runtime = bytes_field(1, "io.containerd.runc.v2");
  std::string timestamp = varint_field(1, 1796132657) + varint_field(2, 855495728);
  return bytes_field(1, id) + labels + bytes_field(3, image) + bytes_field(4, runtime) +
         bytes_field(5, any_spec) + bytes_field(6, "overlayfs") + bytes_field(7, id) +
         bytes_field(8, timestamp) + bytes_field(9, timestamp);
}

TEST(ProtobufReader, EveryWireTypeAndTheEnd) {
  std::string message = varint_field(1, 300) + bytes_field(2, "abc") + varint(3 << 3 | 1) +
                        std::string(8, '\x01') + varint(4 << 3 | 5) + std::string(4, '\x02') +
                        bytes_field(5, "");
  ProtobufReader reader(message);
  std::vector<uint32_t> fields;
  std::string text;
  while (reader.next()) {
    fields.push_back(reader.field());
    if (reader.has_bytes() && reader.field() == 2) text = reader.bytes();
  }
  EXPECT_FALSE(reader.failed());
  EXPECT_EQ(fields, (std::vector<uint32_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(text, "abc");
}

TEST(ProtobufReader, MalformedStopsForGood) {
  for (std::string bad :
       {bytes_field(1, "abcdef").substr(0, 4), std::string("\x0b"), std::string("\x08\xff\xff"),
        std::string("\x00\x01", 2), varint(1 << 3 | 1) + "1234"}) {
    ProtobufReader reader(bad);
    while (reader.next()) {
    }
    EXPECT_TRUE(reader.failed()) << ::testing::PrintToString(bad);
    EXPECT_FALSE(reader.next());
  }
}

TEST(ContainerdApi, ListNamesImagesAndLabels) {
  std::string response =
      bytes_field(1, container("st-plain", "localhost/sigtrace-busybox:latest",
                               label("team", "db") + label("io.kubernetes.pod.name", "web-0"))) +
      bytes_field(1, container("other", "docker.io/library/redis:7", "")) +
      bytes_field(1, bytes_field(3, "no-id:latest"));
  ContainerdRecords records = parse_container_list(response);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records["st-plain"].image, "localhost/sigtrace-busybox:latest");
  EXPECT_EQ(records["st-plain"].labels, (std::map<std::string, std::string>{
                                            {"io.kubernetes.pod.name", "web-0"}, {"team", "db"}}));
  EXPECT_EQ(records["other"].image, "docker.io/library/redis:7");
  EXPECT_TRUE(parse_container_list("").empty());
  EXPECT_TRUE(parse_container_list("\xff\xff").empty());
}

TEST(ContainerdApi, RecordFillsWhatTheBundleLeftEmpty) {
  auto plain = parse_containerd_bundle(R"({"ociVersion":"1.0.2-dev"})", "default", "st-plain");
  ASSERT_TRUE(plain);
  ContainerdRecord record{"localhost/sigtrace-busybox:latest",
                          {{"io.kubernetes.pod.namespace", "shop"},
                           {"io.kubernetes.pod.name", "web-0"},
                           {"io.kubernetes.container.name", "app"}}};
  add_api_record(*plain, record);
  EXPECT_EQ(plain->named.image, "localhost/sigtrace-busybox:latest");
  EXPECT_EQ(plain->named.name, "app");
  EXPECT_EQ(plain->named.k8s.pod, "web-0");
  auto cri = parse_containerd_bundle(
      R"({"annotations":{"io.kubernetes.cri.container-name":"web",
          "io.kubernetes.cri.image-name":"nginx:1.25"}})",
      "k8s.io", "abc");
  ASSERT_TRUE(cri);
  add_api_record(*cri, record);
  EXPECT_EQ(cri->named.name, "web");  // the bundle's annotation wins
  EXPECT_EQ(cri->named.image, "nginx:1.25");
  EXPECT_EQ(cri->named.k8s.pod_namespace, "shop");
}

// HTTP/2 frames as the server writes them.
std::string frame(uint8_t type, uint8_t flags, uint32_t stream, const std::string& payload) {
  std::string out;
  out.push_back(static_cast<char>(payload.size() >> 16));
  out.push_back(static_cast<char>((payload.size() >> 8) & 0xff));
  out.push_back(static_cast<char>(payload.size() & 0xff));
  out.push_back(static_cast<char>(type));
  out.push_back(static_cast<char>(flags));
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((stream >> shift) & 0xff));
  return out + payload;
}
std::string grpc_message(const std::string& message) {
  std::string out(1, '\0');
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((message.size() >> shift) & 0xff));
  return out + message;
}

TEST(Http2Answer, SettingsAckedDataAcrossReadsPaddingAndTrailers) {
  Http2Answer answer;
  std::string settings = frame(0x4, 0, 0, std::string("\x00\x03\x00\x00\x00\x64", 6));
  std::string reply = answer.feed(settings + frame(0x4, 0x1, 0, ""));
  EXPECT_EQ(reply, frame(0x4, 0x1, 0, ""));
  EXPECT_EQ(answer.feed(frame(0x6, 0, 0, "12345678")), frame(0x6, 0x1, 0, "12345678"));
  std::string body = grpc_message("hello, containerd");
  std::string padded = std::string(1, '\x03') + body.substr(0, 7) + "PAD";
  std::string stream = frame(0x1, 0x4, 1, "\x88") + frame(0x0, 0x8, 1, padded) +
                       frame(0x8, 0, 0, "\x00\x00\x00\x10") + frame(0x0, 0, 1, body.substr(7)) +
                       frame(0x1, 0x5, 1, "trailers");
  EXPECT_EQ(answer.feed(stream.substr(0, 20)), "");
  EXPECT_FALSE(answer.done());
  answer.feed(stream.substr(20));
  EXPECT_TRUE(answer.done());
  EXPECT_EQ(answer.message(), "hello, containerd");
}

TEST(Http2Answer, FailedCallsHaveNoMessage) {
  Http2Answer trailers_only;
  trailers_only.feed(frame(0x1, 0x5, 1, "grpc-status: 12"));
  EXPECT_TRUE(trailers_only.done());
  EXPECT_FALSE(trailers_only.message());
  Http2Answer reset;
  reset.feed(frame(0x0, 0, 1, grpc_message("half")) + frame(0x3, 0, 1, "\x00\x00\x00\x02"));
  EXPECT_TRUE(reset.done());
  EXPECT_FALSE(reset.message());
  Http2Answer gone_away;
  gone_away.feed(frame(0x7, 0, 0, std::string(8, '\0')));
  EXPECT_TRUE(gone_away.done());
  EXPECT_FALSE(gone_away.message());
  Http2Answer short_message;
  short_message.feed(frame(0x0, 0x1, 1, grpc_message("whole").substr(0, 7)));
  EXPECT_FALSE(short_message.message());
  Http2Answer compressed;
  std::string zipped = grpc_message("x");
  zipped[0] = 1;
  compressed.feed(frame(0x0, 0x1, 1, zipped));
  EXPECT_FALSE(compressed.message());
}

TEST(Http2Call, PrefaceSettingsWindowHeadersAndMessage) {
  GrpcRequest request{"/containerd.services.containers.v1.Containers/List",
                      {{"containerd-namespace", "k8s.io"}},
                      ""};
  std::string bytes = http2_call_bytes(request);
  EXPECT_EQ(bytes.rfind("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 0), 0u);
  EXPECT_NE(bytes.find(request.method), std::string::npos);
  EXPECT_NE(bytes.find("containerd-namespace"), std::string::npos);
  // The last frame: DATA, END_STREAM, stream 1, an empty uncompressed message.
  EXPECT_EQ(bytes.substr(bytes.size() - 14), frame(0x0, 0x1, 1, grpc_message("")));
}

TEST(ContainerdApi, NoSocketMeansNoAnswer) {
  EXPECT_FALSE(containerd_containers("/nonexistent/containerd.sock", "k8s.io",
                                     std::chrono::milliseconds(50)));
}

}  // namespace
}  // namespace sigtrace
