#include "floor.h"

#include <bpf/libbpf.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <vector>

#include "floor.skel.h"

namespace sigbench {
namespace {

volatile sig_atomic_t g_stop = 0;

void on_stop(int) {
  g_stop = 1;
}

// The syscall tracepoints sigtrace -k attaches, as libbpf names them.
std::vector<bpf_program*> kill_only_programs(floor_bpf& skel) {
  return {skel.progs.floor_kill_e,  skel.progs.floor_kill_x,   skel.progs.floor_tkill_e,
          skel.progs.floor_tkill_x, skel.progs.floor_tgkill_e, skel.progs.floor_tgkill_x};
}

}  // namespace

int run_floor(const std::string& mode) {
  if (mode != "generate" && mode != "kill-only") {
    std::fprintf(stderr, "sigbench: --floor takes generate or kill-only\n");
    return 2;
  }
  signal(SIGINT, on_stop);
  signal(SIGTERM, on_stop);
  floor_bpf* skel = floor_bpf__open();
  if (!skel) return 1;
  // Kill-only mode has its companion on signal_generate too.
  if (mode == "generate") {
    for (bpf_program* program : kill_only_programs(*skel))
      bpf_program__set_autoload(program, false);
  }
  if (floor_bpf__load(skel) || floor_bpf__attach(skel)) {
    std::fprintf(stderr, "sigbench: cannot load or attach the floor programs (tracefs mounted?)\n");
    floor_bpf__destroy(skel);
    return 1;
  }
  std::fprintf(stderr, "sigbench: floor attached\n");
  while (!g_stop)
    pause();
  floor_bpf__destroy(skel);
  return 0;
}

}  // namespace sigbench
