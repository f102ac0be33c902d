#!/usr/bin/env bash
# cli_state.sh - shared state in `bistro-sim run`: the table's block per shared
# value (golden below), the summary JSON's "state" and "lost_updates", --seeds'
# share of runs that lost updates, the trace's read / write / lock events in every
# export, and bad state refused with exit 2.
#
# tests/golden/stock.json: three orders at once read the stock (3), wait 1 ms for
# the database, write it less one: all three read 3 and write 2, so two writes
# overwrite a value written after their read (2 lost; a serial run gives 0).
# Then each adds one to `sold` under a lock: 3, nothing lost.
#
#   bash tests/cli_state.sh BISTRO_SIM SOURCE_DIR
set -uo pipefail
sim=$1
src=$2
# shellcheck source=lib_cli.sh
source "$(dirname "$0")/lib_cli.sh"
stock=$src/tests/golden/stock.json

cat >"$out/want" <<'TABLE'

stock (starts at 3)  final  serial  lost updates
gil                      2       0             2
asyncio                  2       0             2

sold (starts at 0)  final  serial  lost updates
gil                     3       3             0
asyncio                 3       3             0
TABLE
if "$sim" run "$stock" >"$out/table" 2>"$out/err"; then
    tail -n 8 "$out/table" >"$out/got"
    if diff -u "$out/want" "$out/got" >"$out/diff"; then
        ok "the table's shared values"
    else
        fail "the table's shared values: $(cat "$out/diff")"
    fi
else
    fail "run: $(cat "$out/err")"
fi

if "$sim" run "$stock" --runtime asyncio --json >"$out/json" 2>"$out/err"; then
    grep -q '"lost_updates": 2,' "$out/json" || fail "JSON: no lost_updates of the run"
    grep -q '"state": {"stock": {"initial": 3, "final": 2, "serial": 0, "lost_updates": 2, "reads": 3, "writes": 3}, "sold": {"initial": 0, "final": 3, "serial": 3, "lost_updates": 0, "reads": 3, "writes": 3}}' "$out/json" ||
        fail "JSON: the state of asyncio"
    ok "the JSON"
else
    fail "run --json: $(cat "$out/err")"
fi

# a scenario without state has neither
if "$sim" run "$src/scenarios/three-requests.json" --json >"$out/plain" 2>"$out/err"; then
    grep -q '"state"\|lost_updates' "$out/plain" && fail "state in a summary without any"
    ok "no state, no state in the summary"
fi

if "$sim" run "$stock" --seeds 1-4 >"$out/seeds" 2>"$out/err"; then
    grep -q "^  stock: 4 of 4 runs lost updates (100.0 %)" "$out/seeds" || fail "--seeds: stock"
    grep -q "^  sold: 0 of 4 runs lost updates (0.0 %)" "$out/seeds" || fail "--seeds: sold"
    "$sim" run "$stock" --seeds 1-4 --json >"$out/seeds.json" 2>"$out/err" &&
        grep -q '"stock": {"runs_lost": 4, "share_lost": 1.0, "lost_updates": {"min": 2.0, "median": 2.0, "max": 2.0}' "$out/seeds.json" ||
        fail "--seeds --json: stock"
    ok "--seeds"
else
    fail "run --seeds: $(cat "$out/err")"
fi

# the events in every export
if "$sim" run "$stock" --runtime gil --trace "$out/t.jsonl" --csv "$out/t.csv" \
    --chrome "$out/t.chrome.json" >/dev/null 2>"$out/err"; then
    [[ $(grep -c '"ev":"write".*"lost":true' "$out/t.jsonl") == 2 ]] || fail "JSONL: 2 lost writes"
    [[ $(grep -c '"ev":"lock_wait"' "$out/t.jsonl") == 2 ]] || fail "JSONL: 2 lock waits"
    grep -q '^[0-9]*,[0-9.]*,write,.*,stock,' "$out/t.csv" || fail "CSV: no write of stock"
    [[ $(grep -o '"name":"lost update"' "$out/t.chrome.json" | wc -l) == 2 ]] ||
        fail "Chrome: 2 lost updates"
    grep -q '"name":"stock","cat":"state","ph":"C"' "$out/t.chrome.json" ||
        fail "Chrome: no counter of the stock"
    ok "the exports"
else
    fail "run with exports: $(cat "$out/err")"
fi

# bad state: exit 2, file:line:col and the JSON path
printf '{"schema": "bistro/1", "title": "t", "state": {"stock": 1},\n"workload": {"arrivals": {"burst": 1}, "request": [{"write": "stock", "add": -1}]},\n"runtimes": [{"name": "a", "model": "threads"}]}\n' >"$out/bad.json"
expect2 "a write without a read" 'bad.json:2:[0-9]+: \$\.workload\.request\[0\]\.write: write "stock" before any' \
    "$sim" run "$out/bad.json"
printf '{"schema": "bistro/1", "title": "t",\n"workload": {"arrivals": {"burst": 1}, "request": [{"lock": "m", "steps": [{"lock": "m", "steps": []}]}]},\n"runtimes": [{"name": "a", "model": "threads"}]}\n' >"$out/dead.json"
expect2 "a lock inside itself" 'dead.json:2:[0-9]+: .*lock "m" is already held here' \
    "$sim" validate "$out/dead.json"
exit $status
