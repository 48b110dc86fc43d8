// A real Prometheus server (Debian's prometheus) scraping sigtrace
// --metrics on the loopback every second; its query API must see the
// burst this test sends.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <curl/curl.h>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "fleet_support.h"
#include "subprocess.h"

namespace sigtrace::testing {
namespace {

constexpr const char* kPrometheus = "/usr/bin/prometheus";
constexpr int kBurst = 200;

// A Prometheus of the test's own: its config, its data, a free port, all
// gone with it.
class PrometheusServer {
 public:
  explicit PrometheusServer(int target_port) {
    char dir[] = "/tmp/sigtrace-prometheus-XXXXXX";
    dir_ = ::mkdtemp(dir);
    std::ofstream(dir_ / "prometheus.yml")
        << "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
           "scrape_configs:\n  - job_name: sigtrace\n    static_configs:\n"
           "      - targets: ['127.0.0.1:"
        << target_port << "']\n";
    port_ = free_loopback_port();
    server_.emplace(Subprocess::start(
        {kPrometheus, "--config.file=" + (dir_ / "prometheus.yml").string(),
         "--storage.tsdb.path=" + (dir_ / "data").string(),
         "--web.listen-address=127.0.0.1:" + std::to_string(port_), "--log.level=warn"}));
  }
  ~PrometheusServer() {
    server_->send_signal(SIGTERM);
    server_->finish();
    std::filesystem::remove_all(dir_);
  }

  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  bool wait_ready() {
    return wait_for_at_least(1, 30, [&] {
             auto reply = http_get(url("/-/ready"));
             return reply && reply->status == 200 ? 1.0 : 0.0;
           }) >= 1;
  }
  // The instant query's samples added up; 0 while it has none.
  double query(const std::string& promql) {
    char* escaped = curl_easy_escape(nullptr, promql.c_str(), static_cast<int>(promql.size()));
    auto reply = http_get(url("/api/v1/query?query=") + escaped);
    curl_free(escaped);
    if (!reply || reply->status != 200) return 0;
    last_answer_ = reply->body;
    double sum = 0;
    nlohmann::json answer = nlohmann::json::parse(reply->body);
    for (const auto& sample : answer["data"]["result"])
      sum += std::stod(sample["value"][1].get<std::string>());
    return sum;
  }
  const std::string& last_answer() const { return last_answer_; }
  std::string log() { return server_->err(); }

 private:
  std::filesystem::path dir_;
  int port_ = 0;
  std::optional<Subprocess> server_;
  std::string last_answer_;
};

TEST(Prometheus, ScrapesTheBurstFromMetrics) {
  Child target = ignoring_target("promtarget", SIGUSR1);
  Subprocess sigtrace = Subprocess::start({sigtrace_binary(), "-o", "none", "--metrics",
                                           "127.0.0.1:0", "-T", std::to_string(target.pid())});
  ASSERT_TRUE(sigtrace.wait_for_stderr("Ctrl-C to stop")) << sigtrace.err();
  int metrics_port = metrics_port_from(sigtrace.err());
  ASSERT_GT(metrics_port, 0) << sigtrace.err();

  PrometheusServer prometheus(metrics_port);
  ASSERT_TRUE(prometheus.wait_ready()) << prometheus.log();
  ASSERT_EQ(wait_for_at_least(1, 30, [&] { return prometheus.query("up{job=\"sigtrace\"}"); }), 1)
      << prometheus.last_answer();
  send_burst(target, SIGUSR1, kBurst, "promsender");

  const std::string signals = "sigtrace_signals_total{signal=\"SIGUSR1\"}";
  EXPECT_GE(wait_for_at_least(kBurst, 30, [&] { return prometheus.query(signals); }), kBurst)
      << prometheus.last_answer();
  EXPECT_EQ(prometheus.query(signals), kBurst) << "-T chose this test's target only";
  EXPECT_EQ(prometheus.query("sigtrace_signals_total{result=\"ignored\",container=\"\"}"), kBurst)
      << prometheus.last_answer();
  EXPECT_EQ(prometheus.query("sigtrace_lost_events_total"), 0) << prometheus.last_answer();
  EXPECT_GT(prometheus.query("process_resident_memory_bytes"), 1 << 20) << prometheus.last_answer();
  EXPECT_GT(prometheus.query("process_start_time_seconds"), 1.7e9) << prometheus.last_answer();

  sigtrace.send_signal(SIGINT);
  int status = sigtrace.finish();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << sigtrace.err();
  EXPECT_NE(sigtrace.err().find("sigtrace: 200 events, 0 lost"), std::string::npos)
      << sigtrace.err();
}

// The metrics beside lines per event; comm and tcomm only when asked.
TEST(Metrics, HighCardinalityLabelsOnlyWhenAsked) {
  Child target = ignoring_target("labeltarget", SIGUSR2);
  for (bool high : {false, true}) {
    std::vector<std::string> argv = {sigtrace_binary(), "-k", "--metrics",
                                     "127.0.0.1:0",     "-T", std::to_string(target.pid())};
    if (high) argv.push_back("--metrics-high-cardinality");
    Subprocess sigtrace = Subprocess::start(argv);
    ASSERT_TRUE(sigtrace.wait_for_stderr("Ctrl-C to stop")) << sigtrace.err();
    std::string url =
        "http://127.0.0.1:" + std::to_string(metrics_port_from(sigtrace.err())) + "/metrics";
    send_burst(target, SIGUSR2, 3, "labelsender");
    std::string label = high ? "comm=\"labelsender\"" : "signal=\"SIGUSR2\"";
    std::string text;
    double seen = wait_for_at_least(3, 10, [&] {
      auto reply = http_get(url);
      text = reply ? reply->body : "";
      return sum_of(text, "sigtrace_signals_total", label).value_or(0);
    });
    EXPECT_EQ(seen, 3) << text;
    EXPECT_NE(text.find("error=\"\""), std::string::npos) << text;
    EXPECT_EQ(text.find("tcomm=\"labeltarget\"") != std::string::npos, high) << text;
    sigtrace.send_signal(SIGTERM);
    sigtrace.finish();
    EXPECT_EQ(sigtrace.out_lines().size(), 4u) << "the header and a line per call";
  }
}

TEST(Metrics, AnAddressInUseIsOneLineAndStatusOne) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  ASSERT_EQ(::listen(fd, 1), 0);
  socklen_t length = sizeof(address);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  std::string taken = "127.0.0.1:" + std::to_string(ntohs(address.sin_port));
  RunResult result = run({sigtrace_binary(), "--metrics", taken});
  ::close(fd);
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.err.rfind("sigtrace: --metrics " + taken + ": cannot listen there (", 0), 0u)
      << result.err;
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
}

}  // namespace
}  // namespace sigtrace::testing
