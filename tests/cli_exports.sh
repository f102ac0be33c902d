#!/usr/bin/env bash
# cli_exports.sh - `bistro-sim run` writing traces as JSON Lines, Chrome JSON and
# CSV: one file per runtime, standard output, refusals, atomic replacement. The
# formats themselves are checked event by event in test_trace, test_trace_chrome
# and test_trace_csv.
#
#   bash tests/cli_exports.sh BISTRO_SIM SOURCE_DIR
set -uo pipefail
sim=$1
src=$2
# shellcheck source=lib_cli.sh
source "$(dirname "$0")/lib_cli.sh"
three=$src/scenarios/three-requests.json

# every runtime, every format, one file each
if "$sim" run "$three" --trace "$out/t-{runtime}.jsonl" --chrome "$out/c-{runtime}.json" \
    --csv "$out/v-{runtime}.csv" >"$out/table" 2>"$out/err"; then
    for rt in python-one-thread python-a-thread-per-request node-js asyncio; do
        for f in "t-$rt.jsonl" "c-$rt.json" "v-$rt.csv"; do
            [[ -s "$out/$f" ]] || fail "no $f"
        done
        # the same events: JSON Lines has a header line, CSV a header row
        jl=$(wc -l <"$out/t-$rt.jsonl")
        cl=$(wc -l <"$out/v-$rt.csv")
        [[ $jl == "$cl" ]] || fail "$rt: $jl JSON lines but $cl CSV lines"
        head -c 15 "$out/c-$rt.json" | grep -q '{"traceEvents"' || fail "c-$rt.json does not start a Chrome trace"
        grep -q '"schema":"bistro-chrome/1"' "$out/c-$rt.json" || fail "c-$rt.json has no schema"
    done
    head -1 "$out/v-node-js.csv" | grep -q '^t_ns,t_ms,event,worker,req' || fail "CSV header"
    grep -q "Node.js" "$out/table" || fail "the table is missing from stdout"
    ok "three formats, four runtimes"
else
    fail "run with three exports: $(cat "$out/err")"
fi

# standard output: the export is the data, the table goes to stderr
if "$sim" run "$three" --runtime Node.js --csv - >"$out/stdout.csv" 2>"$out/err"; then
    head -1 "$out/stdout.csv" | grep -q '^t_ns,' || fail "--csv - did not write CSV to stdout"
    grep -q "Node.js" "$out/err" || fail "--csv -: the table did not go to stderr"
    ok "csv to standard output"
else
    fail "--csv -: $(cat "$out/err")"
fi

# refusals: exit 2 and a message naming the option
expect2 "chrome without {runtime}" "--chrome .*\\{runtime\\}.*trace-\\{runtime\\}\\.json" \
    "$sim" run "$three" --chrome "$out/one.json"
expect2 "csv without {runtime}" "--csv .*trace-\\{runtime\\}\\.csv" "$sim" run "$three" --csv "$out/one.csv"
expect2 "two exports to stdout" "only one export" "$sim" run "$three" --runtime Node.js --csv - --chrome -
expect2 "chrome without a value" "--chrome needs a value" "$sim" run "$three" --chrome
[[ -e "$out/one.json" || -e "$out/one.csv" ]] && fail "a refused run wrote a file"

# an existing file is replaced whole; a folder that does not exist leaves nothing
echo "old" >"$out/keep.json"
"$sim" run "$three" --runtime Node.js --chrome "$out/keep.json" >/dev/null 2>&1 || fail "chrome over a file"
grep -q '"traceEvents"' "$out/keep.json" || fail "keep.json was not replaced"
"$sim" run "$three" --runtime Node.js --csv "$out/no/such/dir/x.csv" >/dev/null 2>"$out/err"
[[ $? == 2 ]] || fail "csv into a missing folder: not exit 2"
ls "$out" | grep -q 'tmp' && fail "temporary files left: $(ls "$out")"
ok "atomic files"

# A run without services writes the Chrome trace it always did: the goldens in
# tests/golden/chrome/ were written by bistro-sim before files with services were
# added (bistro-sim run tests/golden/NAME.json --chrome 'NAME.{runtime}.json');
# a change to the model or to the format shows up here as a diff.
chrome_golden=0
before=$status
sim_abs=$(realpath "$sim")
for scenario in "$(realpath "$src")"/tests/golden/*.json; do
    name=$(basename "$scenario" .json)
    (cd "$out" && "$sim_abs" run "$scenario" --chrome "$name.{runtime}.json" >/dev/null 2>&1) ||
        fail "chrome of $name"
    for want in "$src/tests/golden/chrome/$name".*.json; do
        got=$out/$(basename "$want")
        chrome_golden=$((chrome_golden + 1))
        cmp -s "$want" "$got" || fail "$(basename "$want") differs from tests/golden/chrome"
    done
done
[[ $chrome_golden == 9 ]] || fail "$chrome_golden Chrome goldens compared, expected 9"
[[ $status == "$before" ]] && ok "Chrome traces without services match their goldens byte for byte"
exit $status
