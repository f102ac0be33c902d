#!/usr/bin/env bash
# cli_rubric.sh - `bistro-sim rubric SCENARIO`: the rubric for a scenario's
# questions, graded against an answers file as the app saves it: right answers get
# every point, wrong ones lose theirs; and the ways to get it wrong (exit 2).
#
#   bash tests/cli_rubric.sh BISTRO_SIM SOURCE_DIR
set -uo pipefail
sim=$(realpath "$1")
# shellcheck source=lib_cli.sh
source "$(dirname "$0")/lib_cli.sh"

# One request that prints 1, computes 5 ms and prints 2: runtime "one" answers
# the order and the number, the choice is the author's.
cat >"$out/lesson.json" <<'JSON'
{"schema": "bistro/1", "title": "lesson",
 "workload": {"arrivals": {"burst": 1},
   "request": [{"log": "1"}, {"cpu": "5ms"}, {"log": "2"}]},
 "runtimes": [{"name": "one", "model": "threads"}, {"name": "two", "model": "threads"}],
 "questions": [
   {"id": "order", "at": "0ms", "ask": "In what order?", "kind": "order", "runtime": "one"},
   {"id": "pick", "at": "0ms", "ask": "Which runtime?", "kind": "choice",
    "options": ["one", "two"], "answer": "two"},
   {"id": "ms", "at": "0ms", "ask": "When is it done (ms)?", "kind": "number",
    "runtime": "one", "metric": "makespan_ms", "tolerance": 0.1}]}
JSON
mkdir -p "$out/class"
if "$sim" rubric "$out/lesson.json" -o "$out/rubric.json" 2>"$out/err" &&
    grep -q '"scenario": "lesson.json"' "$out/rubric.json" &&
    grep -q '"expect": "choice", "equals": "two", "answer": "pick"' "$out/rubric.json"; then
    ok "rubric -o beside the scenario names it by its file name"
else
    fail "rubric: $(cat "$out/err" "$out/rubric.json" 2>/dev/null)"
fi
"$sim" rubric "$out/lesson.json" -o "$out/class/rubric.json" 2>/dev/null
grep -q "\"scenario\": \"$out/lesson.json\"" "$out/class/rubric.json" ||
    fail "rubric in another folder: the scenario's absolute path"

# the makespan as bistro-sim run reports it, the answer a student who ran it gives
ms=$("$sim" run "$out/lesson.json" --runtime one --json | grep -o '"makespan_ms": [0-9.]*' | head -1 |
    cut -d' ' -f2)
printf '{"order": ["1", "2"], "pick": "two", "ms": %s}\n' "$ms" >"$out/right.json"
(cd "$out" && "$sim" grade rubric.json --answers right.json --gradescope right-gs.json) \
    >"$out/report" 2>&1
rc=$?
if [[ $rc == 0 ]] && grep -q '"score": 3' "$out/right-gs.json"; then
    ok "right answers: 3 of 3 points, exit 0"
else
    fail "right answers: exit $rc, $(cat "$out/report")"
fi
printf '{"order": ["2", "1"], "pick": "one", "ms": %s}\n' "$ms" >"$out/wrong.json"
(cd "$out" && "$sim" grade rubric.json --answers wrong.json --gradescope wrong-gs.json) \
    >"$out/report" 2>&1
rc=$?
if [[ $rc == 1 ]] && grep -q '"score": 1' "$out/wrong-gs.json"; then
    ok "wrong order and choice: 1 of 3 points, exit 1"
else
    fail "wrong answers: exit $rc, $(cat "$out/report")"
fi

# a generated puzzle asks its order question: its rubric gives full marks to the
# order bistro-sim run prints, none to that order reversed
"$sim" puzzle --flavor node --seed 5 -o "$out/puzzle.json" &&
    "$sim" rubric "$out/puzzle.json" -o "$out/puzzle-rubric.json" || fail "puzzle rubric"
texts=$("$sim" run "$out/puzzle.json" --json | grep -o '"text": "[^"]*"' | cut -d'"' -f4)
joined=$(printf '"%s", ' $texts)
reversed=$(printf '"%s", ' $(tac <<<"$texts"))
printf '{"order": [%s]}\n' "${joined%, }" >"$out/puzzle-right.json"
printf '{"order": [%s]}\n' "${reversed%, }" >"$out/puzzle-wrong.json"
(cd "$out" && "$sim" grade puzzle-rubric.json --answers puzzle-right.json >/dev/null 2>&1) &&
    ok "a generated puzzle's rubric: the printed order passes" ||
    fail "a generated puzzle's rubric fails its own order"
(cd "$out" && "$sim" grade puzzle-rubric.json --answers puzzle-wrong.json >/dev/null 2>&1)
[[ $? == 1 ]] && ok "a generated puzzle's rubric: the reversed order fails" ||
    fail "a generated puzzle's rubric passes the reversed order"

# the rubric's title is the lesson's spoiler-free one (print-order's own title
# states the order its students must predict)
"$sim" rubric "$2/scenarios/print-order.json" >"$out/po-rubric.json" 2>"$out/err" &&
    grep -q '"title": "The print-order puzzle",' "$out/po-rubric.json" &&
    ! grep -q '1 2 4 5 3' "$out/po-rubric.json" && ok "print-order's rubric gives no order away" ||
    fail "print-order's rubric title: $(head -2 "$out/po-rubric.json")"

# a question about a service (hybrid-gateway's ml_p99): its check names the service
# and is marked with the service's p99 as `bistro-sim run --json` prints it under
# "services", not the gateway's own
hg=$(realpath "$2/scenarios/hybrid-gateway.json")
"$sim" rubric "$hg" -o "$out/hg-rubric.json" 2>"$out/err" &&
    grep -q '"service": "ml", "metric": "latency_ms.p99", "tolerance": 0.1, "answer": "ml_p99"' \
        "$out/hg-rubric.json" && ok "a service's question: its check names the service" ||
    fail "hybrid-gateway's rubric: $(cat "$out/err" "$out/hg-rubric.json" 2>/dev/null)"
svc=$("$sim" run "$hg" --runtime "Node.js gateway" --json | grep '{"name": "ml"' |
    grep -o '"p99": [0-9.]*' | cut -d' ' -f2)
front=$("$sim" run "$hg" --runtime "Node.js gateway" --json | grep -o '"p99": [0-9.]*' | head -1 |
    cut -d' ' -f2)
[[ -n $svc && -n $front && $svc != "$front" ]] || fail "ml's p99 ($svc) and the gateway's ($front)"
sed -i "s|\"scenario\": \".*\"|\"scenario\": \"$hg\"|" "$out/hg-rubric.json"
printf '{"quick_p50": "Node.js gateway", "python_p99": 150, "ml_p99": %s}\n' "$svc" >"$out/hg-right.json"
"$sim" grade "$out/hg-rubric.json" --answers "$out/hg-right.json" >"$out/report" 2>&1 &&
    grep -q "found:    $svc ms" "$out/report" && ok "a service's p99: the service's value passes" ||
    fail "a service's p99, right: $(cat "$out/report")"
# the service's time alone (40 ms of CPU), without its queue: wrong
printf '{"quick_p50": "Node.js gateway", "python_p99": 150, "ml_p99": 40}\n' >"$out/hg-wrong.json"
"$sim" grade "$out/hg-rubric.json" --answers "$out/hg-wrong.json" >"$out/report" 2>&1
[[ $? == 1 ]] && grep -q "FAIL  0/1  Node.js gateway: the model service" "$out/report" &&
    ok "a service's p99: 40 ms fails" || fail "a service's p99, wrong: $(cat "$out/report")"

# a scenario without questions, a bad scenario, arguments
printf '%s\n' '{"schema": "bistro/1", "title": "plain", "workload": {"arrivals": {"burst": 1}, "request": [{"cpu": "1ms"}]}, "runtimes": [{"name": "t", "model": "threads"}]}' >"$out/plain.json"
expect2 "a scenario without questions" "plain.json has no questions" "$sim" rubric "$out/plain.json"
printf '{"schema": "bistro/1"}\n' >"$out/bad.json"
expect2 "a bad scenario" "bad.json:1:1: \\$: missing required key \"title\"" "$sim" rubric "$out/bad.json"
expect2 "no scenario" "rubric needs a SCENARIO" "$sim" rubric
expect2 "two scenarios" "rubric takes one SCENARIO" "$sim" rubric "$out/lesson.json" "$out/plain.json"
expect2 "the rubric over its scenario" "is the scenario itself" \
    "$sim" rubric "$out/lesson.json" -o "$out/lesson.json"
cmp -s "$out/lesson.json" "$out/plain.json" && fail "the scenario was replaced"
exit $status
