#include "enrich/containers/unix_http.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>

#include "common/unique_fd.h"

namespace sigtrace {
namespace {

using Clock = std::chrono::steady_clock;

bool connect_unix(int fd, const std::string& socket_path) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (socket_path.size() >= sizeof(address.sun_path)) return false;
  std::memcpy(address.sun_path, socket_path.c_str(), socket_path.size() + 1);
  return ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) == 0;
}

bool wait_for(int fd, short events, Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  if (left.count() <= 0) return false;
  pollfd ready{fd, events, 0};
  return ::poll(&ready, 1, static_cast<int>(left.count())) > 0;
}

std::string lowercase(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

std::optional<std::string> dechunk(std::string_view body) {
  std::string out;
  while (true) {
    size_t line_end = body.find("\r\n");
    if (line_end == std::string_view::npos) return std::nullopt;
    size_t size = 0;
    auto [end, ec] = std::from_chars(body.data(), body.data() + line_end, size, 16);
    if (ec != std::errc()) return std::nullopt;
    body.remove_prefix(line_end + 2);
    if (size == 0) return out;
    if (body.size() < size + 2) return std::nullopt;
    out.append(body.substr(0, size));
    body.remove_prefix(size + 2);
  }
}

}  // namespace

std::optional<HttpResponse> parse_http_response(const std::string& text) {
  size_t header_end = text.find("\r\n\r\n");
  if (header_end == std::string::npos || text.rfind("HTTP/1.", 0) != 0) return std::nullopt;
  HttpResponse response;
  size_t space = text.find(' ');
  if (space == std::string::npos || space + 4 > header_end) return std::nullopt;
  auto [end, ec] =
      std::from_chars(text.data() + space + 1, text.data() + space + 4, response.status);
  if (ec != std::errc()) return std::nullopt;
  std::string headers = lowercase(std::string_view(text).substr(0, header_end));
  std::string_view body = std::string_view(text).substr(header_end + 4);
  if (headers.find("transfer-encoding: chunked") != std::string::npos) {
    auto plain = dechunk(body);
    if (!plain) return std::nullopt;
    response.body = std::move(*plain);
  } else {
    response.body = std::string(body);
  }
  return response;
}

std::optional<HttpResponse> http_get_unix(const std::string& socket_path, const std::string& path,
                                          std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (!fd.valid()) return std::nullopt;
  if (!connect_unix(fd.get(), socket_path) && errno != EINPROGRESS) return std::nullopt;
  // HTTP/1.0: the server closes the connection after the answer.
  std::string request = "GET " + path + " HTTP/1.0\r\nHost: localhost\r\n\r\n";
  size_t sent = 0;
  while (sent < request.size()) {
    if (!wait_for(fd.get(), POLLOUT, deadline)) return std::nullopt;
    ssize_t n = ::send(fd.get(), request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno != EAGAIN && errno != EINTR) return std::nullopt;
    if (n > 0) sent += static_cast<size_t>(n);
  }
  std::string text;
  char buffer[16384];
  while (true) {
    if (!wait_for(fd.get(), POLLIN, deadline)) return std::nullopt;
    ssize_t n = ::recv(fd.get(), buffer, sizeof(buffer), 0);
    if (n == 0) break;
    if (n < 0 && errno != EAGAIN && errno != EINTR) return std::nullopt;
    if (n > 0) text.append(buffer, static_cast<size_t>(n));
  }
  return parse_http_response(text);
}

}  // namespace sigtrace
