#!/usr/bin/env bash
# cli_puzzle.sh - `bistro-sim puzzle`: the scenario on standard output or in a
# file (written whole), the program alone with --program, the same bytes for the
# same seed; and every way to get the arguments wrong (exit 2, a message). What
# the puzzles contain is checked in tests/test_puzzle.c.
#
#   bash tests/cli_puzzle.sh BISTRO_SIM SOURCE_DIR
set -uo pipefail
sim=$(realpath "$1")
# shellcheck source=lib_cli.sh
source "$(dirname "$0")/lib_cli.sh"

for flavor in node asyncio; do
    if "$sim" puzzle --flavor "$flavor" --seed 17 >"$out/a.json" 2>"$out/err" &&
        "$sim" puzzle --seed 17 --flavor "$flavor" -o "$out/b.json" 2>>"$out/err" &&
        cmp -s "$out/a.json" "$out/b.json"; then
        ok "$flavor: standard output and -o FILE, the same bytes"
    else
        fail "$flavor: puzzle to stdout and to a file differ: $(cat "$out/err")"
    fi
    grep -q "\"title\": \"Print-order puzzle ($flavor, seed 17)\"" "$out/a.json" ||
        fail "$flavor: no title naming flavor and seed"
    "$sim" validate "$out/b.json" >/dev/null 2>"$out/err" || fail "$flavor: invalid: $(cat "$out/err")"
    "$sim" run "$out/b.json" --json >"$out/sum" 2>"$out/err" && grep -q '"log": \[' "$out/sum" ||
        fail "$flavor: run --json: $(cat "$out/err")"
    "$sim" puzzle --flavor "$flavor" --seed 18 -o "$out/c.json" || fail "$flavor: seed 18"
    cmp -s "$out/b.json" "$out/c.json" && fail "$flavor: seeds 17 and 18 give the same file"
    # --program: the program alone, the scenario's code listing
    "$sim" puzzle --flavor "$flavor" --seed 17 --program -o "$out/prog" || fail "$flavor: --program"
    first=$(head -n 1 "$out/prog")
    if [[ $first == *"Print-order puzzle, seed 17" ]] && ! grep -q schema "$out/prog"; then
        ok "$flavor: --program writes the program"
    else
        fail "$flavor: --program wrote: $first"
    fi
done

# a generated puzzle is graded like a bundled one: a rubric naming the file, the
# order bistro predicts as the answer (full marks), the reverse (none)
"$sim" puzzle --flavor asyncio --seed 5 -o "$out/p5.json" || fail "seed 5"
order=$("$sim" run "$out/p5.json" --json | grep -o '"text": "[^"]*"' | sed 's/"text": //' |
    paste -sd, -)
reverse=$(tr ',' '\n' <<<"$order" | tac | paste -sd, -)
cat >"$out/rubric.json" <<JSON
{"schema": "bistro-rubric/1", "title": "Puzzle, seed 5", "scenario": "p5.json",
 "checks": [{"name": "The order of the lines", "points": 1, "runtime": "asyncio",
             "expect": "log_order", "answer": "order"}]}
JSON
echo "{\"order\": [$order]}" >"$out/right.json"
echo "{\"order\": [$reverse]}" >"$out/wrong.json"
if "$sim" grade "$out/rubric.json" --answers "$out/right.json" >"$out/report" 2>&1; then
    ok "graded: the predicted order gets full marks"
else
    fail "grade, right order: $(cat "$out/report")"
fi
"$sim" grade "$out/rubric.json" --answers "$out/wrong.json" >"$out/report" 2>&1
[[ $? == 1 ]] && ok "graded: the reverse order fails" || fail "grade, wrong order: $(cat "$out/report")"

# -o replaces a file whole and leaves no temporary file
echo old >"$out/old.json"
"$sim" puzzle --flavor node --seed 3 -o "$out/old.json" || fail "-o over a file"
grep -q '"schema": "bistro/1"' "$out/old.json" || fail "-o did not replace the file"
ls "$out" | grep -q 'tmp-' && fail "a temporary file was left behind"
expect2 "-o a folder" "cannot write $out" "$sim" puzzle --flavor node --seed 3 -o "$out"

# refusals: exit 2 and a message that says why
expect2 "no flavor" "puzzle needs --flavor node or --flavor asyncio" "$sim" puzzle --seed 1
expect2 "no seed" "puzzle needs --seed N" "$sim" puzzle --flavor node
expect2 "a bad flavor" "--flavor expects node or asyncio, got 'python'" \
    "$sim" puzzle --flavor python --seed 1
expect2 "a flavor in capitals" "--flavor expects node or asyncio, got 'Node'" \
    "$sim" puzzle --flavor Node --seed 1
for bad in " 5" "5 " "+5" "-5" "0x5" "" "18446744073709551616"; do
    expect2 "--seed '$bad'" "--seed expects a whole number" "$sim" puzzle --flavor node --seed "$bad"
done
expect2 "--seed twice" "--seed is given twice" "$sim" puzzle --flavor node --seed 1 --seed 2
expect2 "--flavor twice" "--flavor is given twice" "$sim" puzzle --flavor node --flavor asyncio --seed 1
expect2 "-o twice" "-o is given twice" "$sim" puzzle --flavor node --seed 1 -o a -o b
expect2 "no value" "--seed needs a value" "$sim" puzzle --flavor node --seed
expect2 "no -o value" "-o needs a value" "$sim" puzzle --flavor node --seed 1 -o
expect2 "an unknown option" "unknown option '--flavour'" "$sim" puzzle --flavour node --seed 1
expect2 "a FILE" "puzzle takes no FILE \('x.json'\)" "$sim" puzzle --flavor node --seed 1 x.json
[[ -e x.json || -e a || -e b ]] && fail "a refused puzzle wrote a file"

"$sim" --help | grep -q "bistro-sim puzzle --flavor node|asyncio --seed N" || fail "--help: no puzzle"
exit $status
