#!/usr/bin/env bash
# cli_lessons.sh - golden summaries: what every bundled lesson shows is pinned.
# The summary of each scenarios/NAME.json (`bistro-sim run FILE --json`: every
# runtime's throughput, latencies, memory, printed order...) must match
# tests/lessons/NAME.summary.json byte for byte, so a change to the model that
# alters a lesson's outcome shows up as a diff. Every scenario needs a golden and
# every golden a scenario.
#
#   bash tests/cli_lessons.sh BISTRO_SIM SOURCE_DIR
#   BISTRO_UPDATE_GOLDEN=1 bash tests/cli_lessons.sh ...   rewrite the goldens (review the diff,
#       and check that each lesson's description and narration still tell the truth)
set -euo pipefail
sim=$1
src=$2
golden=$src/tests/lessons
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

status=0
count=0
for scenario in "$src"/scenarios/*.json; do
    name=$(basename "$scenario" .json)
    count=$((count + 1))
    "$sim" run "$scenario" --json >"$out/$name.summary.json"
    if [[ "${BISTRO_UPDATE_GOLDEN:-}" == 1 ]]; then
        cp "$out/$name.summary.json" "$golden/$name.summary.json"
        echo "updated tests/lessons/$name.summary.json" >&2
    elif [[ ! -f "$golden/$name.summary.json" ]]; then
        echo "FAIL $name: no golden summary (run with BISTRO_UPDATE_GOLDEN=1 and review it)" >&2
        status=1
    elif ! diff -u "$golden/$name.summary.json" "$out/$name.summary.json" >&2; then
        echo "FAIL $name: summary differs from tests/lessons/$name.summary.json" >&2
        status=1
    else
        echo "ok   $name"
    fi
done
if [[ $count -eq 0 ]]; then
    echo "FAIL no scenarios in $src/scenarios" >&2
    status=1
fi

# A golden whose scenario was renamed or removed would pin nothing: remove it.
for summary in "$golden"/*.summary.json; do
    [[ -e "$summary" ]] || continue
    name=$(basename "$summary" .summary.json)
    if [[ ! -f "$src/scenarios/$name.json" ]]; then
        echo "FAIL $name: tests/lessons/$name.summary.json has no scenarios/$name.json (remove it)" >&2
        status=1
    fi
done
exit $status
