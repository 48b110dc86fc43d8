#include "metrics/process_metrics.h"

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <sstream>
#include <string>

#include "common/proc_files.h"

namespace sigtrace {
namespace {

// Indexes into stat_numbers().
constexpr size_t kUtime = 11;
constexpr size_t kStime = 12;
constexpr size_t kStartTime = 19;
constexpr size_t kVsize = 20;
constexpr size_t kRss = 21;

prometheus::MetricFamily one(const char* name, const char* help, prometheus::MetricType type,
                             double value) {
  prometheus::ClientMetric metric;
  if (type == prometheus::MetricType::Counter) {
    metric.counter.value = value;
  } else {
    metric.gauge.value = value;
  }
  return {name, help, type, {metric}};
}

prometheus::MetricFamily gauge(const char* name, const char* help, double value) {
  return one(name, help, prometheus::MetricType::Gauge, value);
}

// The boot time, for a start time that counts from it.
double boot_time_seconds() {
  std::istringstream stat(read_small_file("/proc/stat"));
  std::string line;
  while (std::getline(stat, line)) {
    if (line.rfind("btime ", 0) == 0) return std::stod(line.substr(6));
  }
  return 0;
}

// Every entry of /proc/self/fd, the one reading it too (as Go's client counts).
double open_fds() {
  DIR* fds = ::opendir("/proc/self/fd");
  if (!fds) return 0;
  double count = 0;
  while (dirent* entry = ::readdir(fds))
    count += entry->d_name[0] != '.';
  ::closedir(fds);
  return count;
}

double max_fds() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
  return static_cast<double>(limit.rlim_cur);
}

}  // namespace

std::vector<unsigned long long> stat_numbers(const std::string& stat) {
  // The command name may hold spaces and parentheses: it ends at the last ')'.
  size_t name_end = stat.rfind(')');
  if (name_end == std::string::npos || name_end + 2 >= stat.size()) return {};
  std::istringstream fields(stat.substr(name_end + 2));
  std::string state;
  fields >> state;
  std::vector<unsigned long long> numbers = {0};  // the state's place
  long long number = 0;
  while (fields >> number)
    numbers.push_back(static_cast<unsigned long long>(number));
  if (numbers.size() <= kRss) return {};
  return numbers;
}

std::vector<prometheus::MetricFamily> ProcessMetrics::Collect() const {
  std::vector<unsigned long long> stat = stat_numbers(read_small_file("/proc/self/stat"));
  if (stat.empty()) return {};
  const double ticks = static_cast<double>(::sysconf(_SC_CLK_TCK));
  const double page = static_cast<double>(::sysconf(_SC_PAGESIZE));
  return {
      one("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.",
          prometheus::MetricType::Counter,
          static_cast<double>(stat[kUtime] + stat[kStime]) / ticks),
      gauge("process_resident_memory_bytes", "Resident memory size in bytes.",
            static_cast<double>(stat[kRss]) * page),
      gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.",
            static_cast<double>(stat[kVsize])),
      gauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.",
            boot_time_seconds() + static_cast<double>(stat[kStartTime]) / ticks),
      gauge("process_open_fds", "Number of open file descriptors.", open_fds()),
      gauge("process_max_fds", "Maximum number of open file descriptors.", max_fds()),
  };
}

}  // namespace sigtrace
