#!/bin/sh
# `cmake --install` into a scratch prefix: the binary, the manual page and
# the bash and zsh completions land where man and the shells look; the
# manual renders without a warning; and every flag and field that
# `sigtrace --help` lists is in the manual and in both completions.
# check_install.sh BUILD_DIR
set -eu
build=$1
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null

fail() { echo "check_install: $*" >&2; exit 1; }
sigtrace=$prefix/bin/sigtrace
manual=$prefix/share/man/man1/sigtrace.1
bash_completion=$prefix/share/bash-completion/completions/sigtrace
zsh_completion=$prefix/share/zsh/site-functions/_sigtrace
for file in "$sigtrace" "$manual" "$bash_completion" "$zsh_completion"; do
  [ -f "$file" ] || fail "not installed: $file"
done

warnings=$(MANWIDTH=80 man --warnings -l "$manual" 2>&1 >/dev/null)
[ -z "$warnings" ] || fail "the manual page warns: $warnings"
MANWIDTH=80 man -l "$manual" 2>/dev/null | grep -q "sigtrace top" || fail "the manual does not render"

flags=$( ("$sigtrace" --help; "$sigtrace" top --help; "$sigtrace" inspect --help) |
  grep -oE -- '--[a-z][a-z-]+' | sort -u)
fields=$("$sigtrace" --help | sed -n '/^Columns for --fields:/,/^$/p' | awk 'NR > 1 && NF > 1 { print $1 }')
for flag in $flags; do
  escaped=$(printf '%s' "$flag" | sed 's/-/\\\\-/g')
  grep -q -- "$escaped" "$manual" || fail "$flag is not in the manual"
  grep -q -- "$flag" "$bash_completion" || fail "$flag is not in the bash completion"
  grep -q -- "$flag" "$zsh_completion" || fail "$flag is not in the zsh completion"
done
for field in $fields; do
  grep -q -- "^\.BR $field" "$manual" || fail "field $field is not in the manual"
  grep -qw -- "$field" "$bash_completion" || fail "field $field is not in the bash completion"
  grep -qw -- "$field" "$zsh_completion" || fail "field $field is not in the zsh completion"
done

# What bash offers, as it would at a prompt.
complete_bash() {
  bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _sigtrace
    printf "%s\n" "${COMPREPLY[@]}"' complete "$bash_completion" "$@"
}
[ "$(complete_bash sigtrace --summ)" = "--summary" ] || fail "bash: --summ does not complete"
complete_bash sigtrace top --de | grep -qx -- --delay || fail "bash: top --de does not complete"
[ "$(complete_bash sigtrace --fields comm,tcon)" = "comm,tcontainer" ] ||
  fail "bash: a field list does not complete"
[ "$(complete_bash sigtrace -o no)" = "none" ] || fail "bash: -o no does not complete"

if command -v zsh >/dev/null; then
  zsh -c 'fpath=("$1" $fpath); autoload -Uz compinit; compinit -u -D
    [[ $_comps[sigtrace] == _sigtrace ]]' zsh "$(dirname "$zsh_completion")" ||
    fail "zsh does not take _sigtrace for sigtrace"
fi
echo "check_install: binary, manual and completions installed and complete"
