// libbpf's messages: quiet by default, kept for the error message, printed
// in full with --verbose.
#pragma once

#include <string>

namespace sigtrace {

void route_libbpf_messages(bool verbose);

bool verbose_enabled();

// A line of our own among libbpf's, with --verbose only.
void verbose_note(const std::string& text);

// The last warning or error libbpf printed, without its trailing newline.
std::string last_libbpf_message();

// " [libbpf: <that message>]", or nothing: for the end of an error message.
std::string libbpf_detail();

}  // namespace sigtrace
