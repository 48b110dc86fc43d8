// Names for the numbers an event carries: si_code, errno, delivery result.
#pragma once

#include <string_view>

namespace sigtrace {

// "SI_USER", "SI_TKILL", "SEGV_MAPERR", "CLD_EXITED", ...; si_code values
// above 0 mean something different for each signal. Empty when unknown.
std::string_view si_code_name(int sig, int code);

// "ESRCH", "EPERM"; empty for 0 and for numbers the C library does not know.
std::string_view errno_name(int error);

// The system call of a kill-only event's source (enum sigtrace_source):
// "kill", "tkill", "tgkill", "rt_sigqueueinfo", "rt_tgsigqueueinfo",
// "pidfd_send_signal"; empty for signal_generate.
std::string_view syscall_name(int source);

// What signal_generate says the kernel did with the signal:
// "delivered", "ignored", "already_pending", "overflow_fail", "lose_info".
// Empty when unknown.
std::string_view result_name(int result);

}  // namespace sigtrace
