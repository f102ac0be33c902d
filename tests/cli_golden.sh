#!/usr/bin/env bash
# cli_golden.sh - golden traces: bistro-sim's JSON Lines trace of each small
# scenario in tests/golden/ must match the checked-in file byte for byte, run after
# run. A change to the model that alters a trace shows up here as a diff.
#
#   bash tests/cli_golden.sh BISTRO_SIM SOURCE_DIR
#   BISTRO_UPDATE_GOLDEN=1 bash tests/cli_golden.sh ...   rewrite the goldens (review the diff!)
set -euo pipefail
sim=$1
src=$2
golden=$src/tests/golden
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

status=0
for scenario in "$golden"/*.json; do
    name=$(basename "$scenario" .json)
    "$sim" run "$scenario" --trace "$out/$name.{runtime}.trace" >/dev/null
    "$sim" run "$scenario" --trace "$out/again-$name.{runtime}.trace" >/dev/null
    for trace in "$out/$name".*.trace; do
        base=$(basename "$trace")
        if ! cmp -s "$trace" "$out/again-$base"; then
            echo "FAIL $base: two runs gave different traces" >&2
            status=1
        fi
        if [[ "${BISTRO_UPDATE_GOLDEN:-}" == 1 ]]; then
            cp "$trace" "$golden/$base"
            echo "updated tests/golden/$base" >&2
        elif [[ ! -f "$golden/$base" ]]; then
            echo "FAIL $base: no golden file (run with BISTRO_UPDATE_GOLDEN=1 and review it)" >&2
            status=1
        elif ! diff -u "$golden/$base" "$trace" >&2; then
            echo "FAIL $base: trace differs from tests/golden/$base" >&2
            status=1
        else
            echo "ok   $base"
        fi
    done
done
exit $status
