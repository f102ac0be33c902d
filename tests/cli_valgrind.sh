#!/usr/bin/env bash
# cli_valgrind.sh - bistro-sim leaks nothing and touches no invalid memory, on
# every bundled scenario and on bad input, under valgrind's memcheck.
#
#   bash tests/cli_valgrind.sh BISTRO_SIM SOURCE_DIR
set -euo pipefail
sim=$1
src=$2
if ! command -v valgrind >/dev/null 2>&1; then
    echo "valgrind is not installed (tools/install-deps --test installs it)" >&2
    exit 1
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
vg=(valgrind --quiet --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all
    --error-exitcode=99)

check() {
    local want=$1
    shift
    local rc=0
    "${vg[@]}" "$sim" "$@" >"$out/stdout" 2>"$out/stderr" || rc=$?
    if [[ $rc -ne $want ]]; then
        echo "FAIL (exit $rc, expected $want): bistro-sim $*" >&2
        cat "$out/stderr" >&2
        exit 1
    fi
    echo "ok   bistro-sim $*"
}

for scenario in "$src"/scenarios/*.json; do
    check 0 run "$scenario" --trace "$out/t-{runtime}.jsonl"
    check 0 run "$scenario" --json
done
printf '{"schema": "bistro/1", "title": 1, "workload": {"requests": [{"steps": [{"cpu": -3}]}]}}' >"$out/bad.json"
check 2 validate "$out/bad.json"
printf '{"schema": "bistro/1", ' >"$out/cut.json"
check 2 run "$out/cut.json"
check 2 run "$out/missing.json"
check 0 list "$src/scenarios"
