#include "enrich/containers/containerd_api.h"

#include "enrich/containers/grpc_unix.h"
#include "enrich/containers/protobuf_reader.h"

namespace sigtrace {
namespace {

// containerd.services.containers.v1: ListContainersResponse.containers,
// and the Container fields read.
constexpr uint32_t kContainers = 1;
constexpr uint32_t kId = 1;
constexpr uint32_t kLabels = 2;
constexpr uint32_t kImage = 3;
// A map's entry: key = 1, value = 2.
constexpr uint32_t kKey = 1;
constexpr uint32_t kValue = 2;

void read_label(std::string_view entry, std::map<std::string, std::string>& labels) {
  ProtobufReader reader(entry);
  std::string key;
  std::string value;
  while (reader.next()) {
    if (!reader.has_bytes()) continue;
    if (reader.field() == kKey) key = reader.bytes();
    if (reader.field() == kValue) value = reader.bytes();
  }
  if (!reader.failed() && !key.empty()) labels[key] = value;
}

void read_container(std::string_view message, ContainerdRecords& records) {
  ProtobufReader reader(message);
  std::string id;
  ContainerdRecord record;
  while (reader.next()) {
    if (!reader.has_bytes()) continue;
    switch (reader.field()) {
      case kId: id = reader.bytes(); break;
      case kLabels: read_label(reader.bytes(), record.labels); break;
      case kImage: record.image = reader.bytes(); break;
      default: break;  // the spec, runtime, snapshots, times, extensions
    }
  }
  if (!reader.failed() && !id.empty()) records[id] = std::move(record);
}

}  // namespace

ContainerdRecords parse_container_list(std::string_view message) {
  ContainerdRecords records;
  ProtobufReader reader(message);
  while (reader.next()) {
    if (reader.field() == kContainers && reader.has_bytes())
      read_container(reader.bytes(), records);
  }
  return records;
}

std::optional<ContainerdRecords> containerd_containers(const std::string& socket,
                                                       const std::string& ns,
                                                       std::chrono::milliseconds timeout) {
  GrpcRequest request;
  request.method = "/containerd.services.containers.v1.Containers/List";
  request.metadata = {{"containerd-namespace", ns}};
  auto answer = grpc_call_unix(socket, request, timeout);
  if (!answer) return std::nullopt;
  return parse_container_list(*answer);
}

}  // namespace sigtrace
