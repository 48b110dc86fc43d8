#include "output/time_format.h"

#include <time.h>

#include <cstdio>
#include <cstdlib>

namespace sigtrace {
namespace {

// ".123456" for six digits: 1 + digits bytes at `at`.
char* write_fraction(char* at, uint64_t nanoseconds, int digits) {
  char* text = at + 1;
  uint64_t value = nanoseconds;
  for (int i = 9; i > digits; --i)
    value /= 10;
  for (int i = digits - 1; i >= 0; --i) {
    text[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  at[0] = '.';
  return text + digits;
}

void append_fraction(std::string& out, uint64_t nanoseconds, int digits) {
  char text[10];
  char* end = write_fraction(text, nanoseconds, digits);
  out.append(text, static_cast<size_t>(end - text));
}

}  // namespace

void TimeFormat::refresh(int64_t second) {
  second_ = second;
  time_t t = static_cast<time_t>(second);
  tm local{};
  localtime_r(&t, &local);
  char text[32];
  std::snprintf(text, sizeof(text), "%04d-%02d-%02dT", local.tm_year + 1900, local.tm_mon + 1,
                local.tm_mday);
  date_ = text;
  std::snprintf(text, sizeof(text), "%02d:%02d:%02d", local.tm_hour, local.tm_min, local.tm_sec);
  clock_ = text;
  long offset_minutes = local.tm_gmtoff / 60;
  if (offset_minutes == 0) {
    offset_ = "Z";
  } else {
    long magnitude = std::labs(offset_minutes);
    std::snprintf(text, sizeof(text), "%c%02ld:%02ld", offset_minutes < 0 ? '-' : '+',
                  magnitude / 60, magnitude % 60);
    offset_ = text;
  }
}

void TimeFormat::append_clock(std::string& out, uint64_t wall_ns) {
  int64_t second = static_cast<int64_t>(wall_ns / 1000000000u);
  if (second != second_) refresh(second);
  out.append(clock_);
  append_fraction(out, wall_ns % 1000000000u, 6);
}

void TimeFormat::append_rfc3339(std::string& out, uint64_t wall_ns) {
  TextCursor cursor(out, 64);
  append_rfc3339(cursor, wall_ns);
}

void TimeFormat::append_rfc3339(TextCursor& out, uint64_t wall_ns) {
  int64_t second = static_cast<int64_t>(wall_ns / 1000000000u);
  if (second != second_) refresh(second);
  out.put(date_);
  out.put(clock_);
  out.advance(write_fraction(out.room(10), wall_ns % 1000000000u, 9));
  out.put(offset_);
}

namespace {

// "1.2" for 1234 in thousandths, "35" once the whole part has two digits.
void append_scaled(std::string& out, uint64_t value, uint64_t unit, const char* suffix) {
  uint64_t whole = value / unit;
  out.append(std::to_string(whole));
  if (whole < 10) {
    out.push_back('.');
    out.push_back(static_cast<char>('0' + (value % unit) * 10 / unit));
  }
  out.append(suffix);
}

}  // namespace

void append_duration(std::string& out, uint64_t ns) {
  constexpr uint64_t kUs = 1000, kMs = 1000 * kUs, kS = 1000 * kMs;
  if (ns < kUs) {
    out.append(std::to_string(ns) + "ns");
  } else if (ns < kMs) {
    append_scaled(out, ns, kUs, "µs");
  } else if (ns < kS) {
    append_scaled(out, ns, kMs, "ms");
  } else if (ns < 60 * kS) {
    append_scaled(out, ns, kS, "s");
  } else {
    uint64_t seconds = ns / kS;
    out.append(std::to_string(seconds / 60) + "m" + std::to_string(seconds % 60) + "s");
  }
}

}  // namespace sigtrace
