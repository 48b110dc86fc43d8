# bash completion for sigtrace: flags, subcommands, and the values of the
# flags that take names (formats, fields, signals, users, groups, pids).

_sigtrace_fields="time comm pid tid ppid ptid pcomm uid user gid gname mntns container
k8s.namespace k8s.pod k8s.container tcomm tpid tnspid ttid tcontainer tk8s.namespace tk8s.pod
tk8s.container sig syscall error result code group targets via trigger fate after"
_sigtrace_signals="HUP INT QUIT ILL TRAP ABRT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM TERM STKFLT
CHLD CONT STOP TSTP TTIN TTOU URG XCPU XFSZ VTALRM PROF WINCH IO PWR SYS RTMIN RTMAX"
_sigtrace_flags="-k --kill-only -p --pid --tid -u --uid -g --gid --comm -T --tpid --tcomm --via
-F --fate --deaths -s --signal
-e --exclude-signal -x --failed --mntns -c --containername --host --tcontainername
--k8s-namespace --k8s-podname --tk8s-namespace --tk8s-podname --no-containers -o --output
--fields -t --timestamp --summary --metrics --metrics-high-cardinality --count --timeout
--perf-buffer --buffer-size -v --verbose -h --help -V --version"

# Completes the entry after the last comma of a comma-separated list.
_sigtrace_list() {
  local cur=$1 words=$2
  local head="" last=$cur
  if [[ $cur == *,* ]]; then
    head=${cur%,*},
    last=${cur##*,}
  fi
  local word
  COMPREPLY=()
  for word in $(compgen -W "$words" -- "$last"); do
    COMPREPLY+=("$head$word")
  done
  compopt -o nospace 2>/dev/null
}

_sigtrace() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
  local command="" word
  for word in "${COMP_WORDS[@]:1:COMP_CWORD-1}"; do
    case $word in top | inspect) command=$word ;; esac
  done
  case $prev in
    -o | --output) COMPREPLY=($(compgen -W "columns json jsonpretty none" -- "$cur")); return ;;
    --fields) _sigtrace_list "$cur" "$_sigtrace_fields"; return ;;
    -s | --signal | -e | --exclude-signal) _sigtrace_list "$cur" "$_sigtrace_signals"; return ;;
    -u | --uid) COMPREPLY=($(compgen -u -- "$cur")); return ;;
    -g | --gid) COMPREPLY=($(compgen -g -- "$cur")); return ;;
    -p | --pid | --tid | -T | --tpid)
      COMPREPLY=($(compgen -W "$(cd /proc && ls -d [0-9]* 2>/dev/null)" -- "$cur"))
      return
      ;;
    --format) COMPREPLY=($(compgen -W "mermaid markdown json" -- "$cur")); return ;;
    --via) _sigtrace_list "$cur" "kill tkill tgkill rt_sigqueueinfo rt_tgsigqueueinfo pidfd_send_signal write exit_group fault interrupt oom exit kernel"; return ;;
    --comm | --tcomm | --mntns | -c | --containername | --k8s-namespace | --k8s-podname | \
      --tk8s-namespace | --tk8s-podname | --tcontainername | --count | --timeout | \
      --buffer-size | --metrics | -d | --delay)
      return
      ;;
  esac
  case $command in
    inspect)
      if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "--format --all -h --help" -- "$cur"))
      else
        COMPREPLY=($(compgen -f -- "$cur"))
      fi
      ;;
    top) COMPREPLY=($(compgen -W "-d --delay $_sigtrace_flags" -- "$cur")) ;;
    *)
      if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$_sigtrace_flags" -- "$cur"))
      else
        COMPREPLY=($(compgen -W "top inspect" -- "$cur"))
      fi
      ;;
  esac
}
complete -F _sigtrace sigtrace
