#include "model/event_names.h"

#include "signal_event.h"

#include <array>
#include <cstring>
#include <span>

namespace sigtrace {
namespace {

struct CodeName {
  int code;
  std::string_view name;
};

using Codes = std::span<const CodeName>;

// Codes any signal can carry (<asm-generic/siginfo.h>).
constexpr CodeName kGeneric[] = {
    {0, "SI_USER"},      {0x80, "SI_KERNEL"}, {-1, "SI_QUEUE"}, {-2, "SI_TIMER"},
    {-3, "SI_MESGQ"},    {-4, "SI_ASYNCIO"},  {-5, "SI_SIGIO"}, {-6, "SI_TKILL"},
    {-7, "SI_DETHREAD"}, {-60, "SI_ASYNCNL"},
};

constexpr CodeName kIll[] = {
    {1, "ILL_ILLOPC"}, {2, "ILL_ILLOPN"}, {3, "ILL_ILLADR"}, {4, "ILL_ILLTRP"},   {5, "ILL_PRVOPC"},
    {6, "ILL_PRVREG"}, {7, "ILL_COPROC"}, {8, "ILL_BADSTK"}, {9, "ILL_BADIADDR"},
};
constexpr CodeName kFpe[] = {
    {1, "FPE_INTDIV"},  {2, "FPE_INTOVF"},    {3, "FPE_FLTDIV"}, {4, "FPE_FLTOVF"},
    {5, "FPE_FLTUND"},  {6, "FPE_FLTRES"},    {7, "FPE_FLTINV"}, {8, "FPE_FLTSUB"},
    {14, "FPE_FLTUNK"}, {15, "FPE_CONDTRAP"},
};
constexpr CodeName kSegv[] = {
    {1, "SEGV_MAPERR"},  {2, "SEGV_ACCERR"},  {3, "SEGV_BNDERR"},  {4, "SEGV_PKUERR"},
    {5, "SEGV_ACCADI"},  {6, "SEGV_ADIDERR"}, {7, "SEGV_ADIPERR"}, {8, "SEGV_MTEAERR"},
    {9, "SEGV_MTESERR"}, {10, "SEGV_CPERR"},
};
constexpr CodeName kBus[] = {
    {1, "BUS_ADRALN"},    {2, "BUS_ADRERR"},    {3, "BUS_OBJERR"},
    {4, "BUS_MCEERR_AR"}, {5, "BUS_MCEERR_AO"},
};
constexpr CodeName kTrap[] = {
    {1, "TRAP_BRKPT"},  {2, "TRAP_TRACE"}, {3, "TRAP_BRANCH"},
    {4, "TRAP_HWBKPT"}, {5, "TRAP_UNK"},   {6, "TRAP_PERF"},
};
constexpr CodeName kChld[] = {
    {1, "CLD_EXITED"},  {2, "CLD_KILLED"},  {3, "CLD_DUMPED"},
    {4, "CLD_TRAPPED"}, {5, "CLD_STOPPED"}, {6, "CLD_CONTINUED"},
};
constexpr CodeName kPoll[] = {
    {1, "POLL_IN"},  {2, "POLL_OUT"}, {3, "POLL_MSG"},
    {4, "POLL_ERR"}, {5, "POLL_PRI"}, {6, "POLL_HUP"},
};
constexpr CodeName kSys[] = {{1, "SYS_SECCOMP"}, {2, "SYS_USER_DISPATCH"}};

Codes codes_for(int sig) {
  switch (sig) {
    case 4: return kIll;
    case 5: return kTrap;
    case 7: return kBus;
    case 8: return kFpe;
    case 11: return kSegv;
    case 17: return kChld;
    case 29: return kPoll;
    case 31: return kSys;
    default: return {};
  }
}

std::string_view find(Codes codes, int code) {
  for (const auto& entry : codes) {
    if (entry.code == code) return entry.name;
  }
  return {};
}

constexpr std::array<std::string_view, 5> kResults = {
    "delivered", "ignored", "already_pending", "overflow_fail", "lose_info",
};

}  // namespace

std::string_view si_code_name(int sig, int code) {
  // SI_KERNEL is the only positive code shared by every signal.
  if (code <= 0 || code == 0x80) return find(kGeneric, code);
  return find(codes_for(sig), code);
}

std::string_view errno_name(int error) {
  if (error <= 0) return {};
  const char* name = strerrorname_np(error);
  return name ? std::string_view(name) : std::string_view();
}

std::string_view result_name(int result) {
  if (result < 0 || result >= static_cast<int>(kResults.size())) return {};
  return kResults[result];
}

std::string_view syscall_name(int source) {
  switch (source) {
    case SIGTRACE_SOURCE_KILL: return "kill";
    case SIGTRACE_SOURCE_TKILL: return "tkill";
    case SIGTRACE_SOURCE_TGKILL: return "tgkill";
    case SIGTRACE_SOURCE_RT_SIGQUEUEINFO: return "rt_sigqueueinfo";
    case SIGTRACE_SOURCE_RT_TGSIGQUEUEINFO: return "rt_tgsigqueueinfo";
    case SIGTRACE_SOURCE_PIDFD_SEND_SIGNAL: return "pidfd_send_signal";
    default: return {};
  }
}

}  // namespace sigtrace
