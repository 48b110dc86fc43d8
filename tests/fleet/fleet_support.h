// What the fleet tests share: HTTP GETs on the loopback, free ports,
// Prometheus's text format read back, and bursts of signals.
#pragma once

#include <sys/types.h>

#include <functional>
#include <optional>
#include <string>

#include "child.h"

namespace sigtrace::testing {

struct HttpReply {
  long status = 0;
  std::string body;
};

// Nothing when no server answers. Never through a proxy: every address
// here is this machine's.
std::optional<HttpReply> http_get(const std::string& url);

// A TCP port on 127.0.0.1 that nothing listens on right now.
int free_loopback_port();

// "sigtrace: serving metrics at http://127.0.0.1:PORT/metrics" -> PORT; 0
// when stderr says no such thing.
int metrics_port_from(const std::string& err);

// The sum of a metric's samples whose labels hold `label` (`signal="X"`),
// in Prometheus's text format; nothing when no sample matches.
std::optional<double> sum_of(const std::string& exposition, const std::string& metric,
                             const std::string& label);

// Polls `value` every 200 ms until it returns at least `wanted`, or until
// `seconds` pass; returns the last value seen.
double wait_for_at_least(double wanted, int seconds, const std::function<double()>& value);

// A target named `target_name` that ignores `sig`, and `count` of it sent
// to it by a process named `sender_name`.
Child ignoring_target(const std::string& name, int sig);
void send_burst(const Child& target, int sig, int count, const std::string& sender_name);

}  // namespace sigtrace::testing
