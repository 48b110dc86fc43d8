// The names of x86-64 system calls, by number.
#pragma once

#include <string_view>

namespace sigtrace {

// "kill", "write", "exit_group"; empty for a number that names none.
std::string_view syscall_name_of(int number);

}  // namespace sigtrace
