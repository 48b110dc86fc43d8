#include "fleet_support.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <sstream>
#include <thread>

#include "processes.h"

namespace sigtrace::testing {
namespace {

size_t append_body(char* data, size_t size, size_t count, void* body) {
  static_cast<std::string*>(body)->append(data, size * count);
  return size * count;
}

}  // namespace

std::optional<HttpReply> http_get(const std::string& url) {
  CURL* curl = curl_easy_init();
  if (!curl) return std::nullopt;
  HttpReply reply;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 5L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &reply.body);
  CURLcode result = curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply.status);
  curl_easy_cleanup(curl);
  if (result != CURLE_OK) return std::nullopt;
  return reply;
}

int free_loopback_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  ::close(fd);
  return port;
}

int metrics_port_from(const std::string& err) {
  const std::string said = "serving metrics at http://127.0.0.1:";
  size_t at = err.find(said);
  if (at == std::string::npos) return 0;
  return std::atoi(err.c_str() + at + said.size());
}

std::optional<double> sum_of(const std::string& exposition, const std::string& metric,
                             const std::string& label) {
  std::istringstream lines(exposition);
  std::optional<double> sum;
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(metric + "{", 0) != 0 || line.find(label) == std::string::npos) continue;
    sum = sum.value_or(0) + std::stod(line.substr(line.rfind(' ') + 1));
  }
  return sum;
}

double wait_for_at_least(double wanted, int seconds, const std::function<double()>& value) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  double seen = value();
  while (seen < wanted && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    seen = value();
  }
  return seen;
}

Child ignoring_target(const std::string& name, int sig) {
  return spawn_target({.name = name, .ignored = {sig}});
}

void send_burst(const Child& target, int sig, int count, const std::string& sender_name) {
  Child sender = spawn_sender({.name = sender_name}, [&] {
    for (int i = 0; i < count; ++i)
      kill(target.pid(), sig);
    return 0;
  });
  ASSERT_EQ(run_sender(sender), 0);
}

}  // namespace sigtrace::testing
