#include "enrich/containers/unix_http.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>

#include "common/unique_fd.h"
#include "enrich/containers/unix_socket.h"

namespace sigtrace {
namespace {

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
  auto deadline = SocketClock::now() + timeout;
  UniqueFd fd = connect_unix(socket_path);
  if (!fd.valid()) return std::nullopt;
  // HTTP/1.0: the server closes the connection after the answer.
  std::string request = "GET " + path + " HTTP/1.0\r\nHost: localhost\r\n\r\n";
  if (!send_all(fd.get(), request, deadline)) return std::nullopt;
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
