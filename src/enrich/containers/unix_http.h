// A GET over a unix socket: just enough HTTP for the Docker Engine API.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace sigtrace {

struct HttpResponse {
  int status = 0;
  std::string body;
};

// Nothing when the socket is absent, refuses, or does not answer in time.
std::optional<HttpResponse> http_get_unix(const std::string& socket_path, const std::string& path,
                                          std::chrono::milliseconds timeout);

// The body of a response, with chunked transfer encoding undone. Exposed for
// tests; nothing when the text is not a well-formed HTTP/1.x response.
std::optional<HttpResponse> parse_http_response(const std::string& text);

}  // namespace sigtrace
