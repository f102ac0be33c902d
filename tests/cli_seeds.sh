#!/usr/bin/env bash
# cli_seeds.sh - `bistro-sim run --seeds A-B`: every runtime once per seed, the
# orders printed with their runs, the spread of each metric; and every way to get
# the option wrong. The counting itself is checked against single runs in
# tests/test_many.c.
#
#   bash tests/cli_seeds.sh BISTRO_SIM SOURCE_DIR
set -uo pipefail
sim=$1
src=$2
# shellcheck source=lib_cli.sh
source "$(dirname "$0")/lib_cli.sh"
po=$src/scenarios/print-order.json

# the table: Node's one order on every seed (node v20.20.2 prints 1 2 4 5 3)
if "$sim" run "$po" --seeds 1-25 >"$out/table" 2>"$out/err"; then
    grep -q "seeds 1 to 25" "$out/table" || fail "the table does not name the seeds"
    grep -qE "^Node.js: 25 runs" "$out/table" || fail "no 25 runs of Node.js"
    grep -qE "25 +100.0 % +1 2 4 5 3" "$out/table" || fail "Node's order is not 25 of 25"
    grep -qE "^ +makespan_ms +" "$out/table" || fail "no makespan spread"
    ok "the table"
else
    fail "run --seeds: $(cat "$out/err")"
fi

# the JSON: seeds instead of seed, orders and spread per runtime
if "$sim" run "$po" --seeds 3-4 --runtime asyncio --json >"$out/json" 2>"$out/err"; then
    grep -q '"seeds": {"first": 3, "last": 4}' "$out/json" || fail "JSON: no seeds"
    grep -q '"orders": \[{"order": "1 2 4 5 3", "runs": 2}\]' "$out/json" || fail "JSON: orders"
    grep -q '"makespan_ms": {"min": ' "$out/json" || fail "JSON: no spread"
    ok "the JSON"
else
    fail "run --seeds --json: $(cat "$out/err")"
fi

# services: per runtime, each service's spread and the time split's (the numbers
# themselves are checked against single runs in tests/test_many.c)
sg=$src/scenarios/sequential-vs-gather.json
if "$sim" run "$sg" --seeds 1-4 --runtime Node.js >"$out/svc" 2>"$out/err"; then
    grep -qE "^  service users:$" "$out/svc" || fail "the table: no block for service users"
    grep -qE "^    latency_p99_ms +50.0 +50.0 +50.0$" "$out/svc" ||
        fail "the table: recs' p99 is not 50 ms on every seed"
    grep -qE "^  a request's time, mean per run \(ms\):$" "$out/svc" || fail "the table: no time split"
    ok "the table of services"
else
    fail "run --seeds with services: $(cat "$out/err")"
fi
if "$sim" run "$sg" --seeds 1-4 --runtime Node.js --json >"$out/svcjson" 2>"$out/err"; then
    grep -q '{"name": "users", "spread": {"completed": {"min": 2.0, "median": 2.0, "max": 2.0}' \
        "$out/svcjson" || fail "JSON: no spread of service users"
    grep -q '"time_split_ms": {"latency": {"min": 68.0, "median": 68.0, "max": 68.0}' \
        "$out/svcjson" || fail "JSON: no time split"
    ok "the JSON of services"
else
    fail "run --seeds --json with services: $(cat "$out/err")"
fi
"$sim" run "$po" --seeds 1-2 --json >"$out/nosvc" 2>/dev/null
grep -q '"services"' "$out/nosvc" && fail "JSON: services without any"

# refusals: exit 2 and a message that says why
expect2 "seeds and seed" "give one" "$sim" run "$po" --seeds 1-2 --seed 3
expect2 "seeds and a trace" "--trace writes one run" "$sim" run "$po" --seeds 1-2 --trace "$out/t.jsonl"
expect2 "a backwards range" "FIRST-LAST" "$sim" run "$po" --seeds 5-1
expect2 "not a range" "FIRST-LAST" "$sim" run "$po" --seeds 7
expect2 "too many seeds" "at most 100000" "$sim" run "$po" --seeds 1-100001
# one rule for a seed: digits only, nothing before or after
for bad in " 5" "5 " "+5" "-5" "0x5" ""; do
    expect2 "--seed '$bad'" "--seed expects a whole number" "$sim" run "$po" --seed "$bad"
done
expect2 "--seeds ' 1-2'" "FIRST-LAST" "$sim" run "$po" --seeds " 1-2"
expect2 "no value" "needs a value" "$sim" run "$po" --seeds
[[ -e "$out/t.jsonl" ]] && fail "a refused run wrote a trace"
exit $status
