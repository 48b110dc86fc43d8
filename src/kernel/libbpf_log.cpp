#include "kernel/libbpf_log.h"

#include <bpf/libbpf.h>

#include <cstdarg>
#include <cstdio>
#include <mutex>

namespace sigtrace {
namespace {

bool g_verbose = false;
// Objects load on several threads at once (tracer.cpp): one message at a
// time, and each thread's last message its own (for its own error).
std::mutex g_lock;
thread_local std::string g_last;

int on_libbpf_message(enum libbpf_print_level level, const char* format, va_list args) {
  std::lock_guard<std::mutex> hold(g_lock);
  if (g_verbose) {
    va_list copy;
    va_copy(copy, args);
    std::vfprintf(stderr, format, copy);
    va_end(copy);
  }
  if (level == LIBBPF_DEBUG) return 0;
  char line[512];
  std::vsnprintf(line, sizeof(line), format, args);
  g_last = line;
  while (!g_last.empty() && (g_last.back() == '\n' || g_last.back() == ' '))
    g_last.pop_back();
  return 0;
}

}  // namespace

void route_libbpf_messages(bool verbose) {
  g_verbose = verbose;
  libbpf_set_print(on_libbpf_message);
}

bool verbose_enabled() {
  return g_verbose;
}

void verbose_note(const std::string& text) {
  std::lock_guard<std::mutex> hold(g_lock);
  if (g_verbose) std::fprintf(stderr, "sigtrace: %s\n", text.c_str());
}

std::string last_libbpf_message() {
  return g_last;
}

std::string libbpf_detail() {
  std::string message = last_libbpf_message();
  return message.empty() ? "" : " [libbpf: " + message + "]";
}

}  // namespace sigtrace
