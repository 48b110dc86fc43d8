// Errors that end sigtrace, each with the exit status the README documents.
#pragma once

#include <stdexcept>
#include <string>

namespace sigtrace {

enum class ExitStatus : int {
  kOk = 0,
  kRuntime = 1,            // something failed while tracing
  kUsage = 2,              // bad flag, bad value, conflicting flags
  kPermission = 3,         // not root / no CAP_BPF and CAP_PERFMON
  kNoBtf = 4,              // the kernel exposes no BTF
  kUnsupportedKernel = 5,  // too old, or a tracepoint/helper is missing
  kAttach = 6,             // tracefs or tracepoint attach failed
  kBadObject = 7,          // a BPF object file that cannot be read
};

class Error : public std::runtime_error {
 public:
  Error(ExitStatus status, const std::string& message)
      : std::runtime_error(message), status_(status) {}
  ExitStatus status() const { return status_; }

 private:
  ExitStatus status_;
};

class UsageError : public Error {
 public:
  explicit UsageError(const std::string& message) : Error(ExitStatus::kUsage, message) {}
};

}  // namespace sigtrace
