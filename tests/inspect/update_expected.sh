#!/bin/sh
# Rewrites the expected outputs of the inspect fixtures from the current
# the sigtrace binary. Usage: update_expected.sh DRIVER FIXTURE_DIR EXPECTED_DIR NAME...
set -eu
driver=$1
fixtures=$2
expected=$3
shift 3
for name in "$@"; do
  object="$fixtures/$name.bpf.o"
  "$driver" inspect "$object" >"$expected/$name.mermaid"
  "$driver" inspect --all "$object" >"$expected/$name.all.mermaid"
  "$driver" inspect --format json "$object" >"$expected/$name.json"
  "$driver" inspect --format json --all "$object" >"$expected/$name.all.json"
done
