#!/usr/bin/env bash
# cli_grade.sh - `bistro-sim grade` on the example assignments of docs/examples, run
# the way teachers and the two autograders run it: the report, Gradescope's and
# PrairieLearn's results files must match the checked-in files in each example's
# expected/ folder (the outputs docs/grading.md shows); then the exit statuses, the
# copies of files that must not drift, the teacher's mistakes and usage errors.
#
#   bash tests/cli_grade.sh BISTRO_SIM SOURCE_DIR
#   BISTRO_UPDATE_EXPECTED=1 bash tests/cli_grade.sh ...   rewrite the expected files
#                                                          (review the diff!)
set -euo pipefail
sim=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") # absolute: the checks cd
src=$(cd "$2" && pwd)
examples=$src/docs/examples
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
status=0

fail() {
    echo "FAIL $*" >&2
    status=1
}

# compare EXPECTED ACTUAL: the file ACTUAL has the contents of EXPECTED
compare() {
    local want=$1 got=$2 name=${1#"$examples"/}
    if [[ "${BISTRO_UPDATE_EXPECTED:-}" == 1 ]]; then
        mkdir -p "$(dirname "$want")"
        cp "$got" "$want"
        echo "updated $name" >&2
    elif [[ ! -f "$want" ]]; then
        fail "$name: no such file (run with BISTRO_UPDATE_EXPECTED=1 and review it)"
    elif ! diff -u "$want" "$got" >&2; then
        fail "$name differs"
    else
        echo "ok   $name"
    fi
}

# in DIR WANT ARGS...: bistro-sim ARGS run in DIR exits with WANT;
# its stdout is in $out/stdout, its stderr in $out/stderr
in_dir() {
    local dir=$1 want=$2 rc=0
    shift 2
    (cd "$dir" && "$sim" "$@") >"$out/stdout" 2>"$out/stderr" || rc=$?
    if [[ $rc -ne $want ]]; then
        fail "bistro-sim $* (in ${dir#"$src"/}) exited with $rc, expected $want"
        cat "$out/stderr" >&2
    fi
}

# same COPY ORIGINAL: a copy bundled with an example is still identical
same() {
    if cmp -s "$1" "$2"; then
        echo "ok   ${1#"$src"/} is ${2#"$src"/}"
    else
        fail "${1#"$src"/} differs from ${2#"$src"/}: copy it again"
    fi
}

# has FILE TEXT: FILE contains the line TEXT
has() {
    if ! grep -qxF -- "$2" "$1"; then
        fail "expected the line '$2' in:"
        cat "$1" >&2
    fi
}

# ---- the print-order assignment ----
po=$examples/print-order
same "$po/print-order.json" "$src/scenarios/print-order.json"
same "$po/prairielearn/tests/print-order.json" "$src/scenarios/print-order.json"
same "$po/prairielearn/tests/rubric.json" "$po/rubric.json"

declare -A po_status=([full]=0 [partial]=1 [wrong-type]=1 [malformed]=1 [missing]=1)
declare -A po_score=([full]="Score: 5/5 (4 of 4 checks passed)"
                     [partial]="Score: 3/5 (3 of 4 checks passed)"
                     [wrong-type]="Score: 1/5 (1 of 4 checks passed)"
                     [malformed]="Score: 0/5 (0 of 4 checks passed)"
                     [missing]="Score: 0/5 (0 of 4 checks passed)")
for v in full partial wrong-type malformed missing; do
    # A teacher trying the rubric on a student's answers.
    in_dir "$po" "${po_status[$v]}" grade rubric.json --answers "answers-$v.json"
    compare "$po/expected/report-$v.txt" "$out/stdout"
    has "$out/stdout" "${po_score[$v]}"

    # Gradescope: run_autograder with /autograder in a temporary folder.
    ag=$out/autograder
    rm -rf "$ag"
    mkdir -p "$ag/source" "$ag/submission"
    cp "$po/rubric.json" "$po/print-order.json" "$ag/source/"
    [[ $v == missing ]] || cp "$po/answers-$v.json" "$ag/submission/answers.json"
    AUTOGRADER_ROOT=$ag BISTRO_SIM=$sim bash "$po/gradescope/run_autograder" >"$out/stdout" \
        || fail "run_autograder ($v) exited with $?"
    has "$out/stdout" "${po_score[$v]}"
    sed "s#$ag#/autograder#g" "$ag/results/results.json" >"$out/results.json"
    compare "$po/expected/gradescope-$v.json" "$out/results.json"

    # PrairieLearn: the question's grade.sh with /grade in a temporary folder.
    g=$out/grade
    rm -rf "$g"
    mkdir -p "$g/student" "$g/data"
    cp -r "$po/prairielearn/tests" "$g/tests"
    echo '{"params": {}, "submitted_answers": {}}' >"$g/data/data.json"
    [[ $v == missing ]] || cp "$po/answers-$v.json" "$g/student/answers.json"
    GRADE_ROOT=$g BISTRO_SIM=$sim bash "$g/tests/grade.sh" >"$out/stdout" \
        || fail "grade.sh ($v) exited with $?"
    sed "s#$g#/grade#g" "$g/results/results.json" >"$out/results.json"
    compare "$po/expected/prairielearn-$v.json" "$out/results.json"
done

# A broken rubric is the teacher's: bistro-sim exits 2, and the autograders'
# scripts still hand the platform a results file that says so.
rm -rf "$ag" "$g"
mkdir -p "$ag/source" "$ag/submission" "$g/tests" "$g/student"
echo '{"schema": "bistro-rubric/1", "checks": []}' | tee "$ag/source/rubric.json" >"$g/tests/rubric.json"
AUTOGRADER_ROOT=$ag BISTRO_SIM=$sim bash "$po/gradescope/run_autograder" >/dev/null 2>"$out/stderr"
grep -q '^{"score": 0, "output": "The autograder could not grade this submission (bistro-sim exit status 2)' \
    "$ag/results/results.json" || fail "run_autograder: no fallback results.json for a broken rubric"
GRADE_ROOT=$g BISTRO_SIM=$sim bash "$po/prairielearn/tests/grade.sh" >/dev/null 2>"$out/stderr"
grep -q '^{"gradable": false, "score": 0,' "$g/results/results.json" \
    || fail "grade.sh: no fallback results.json for a broken rubric"

# ---- the tune-server assignment: the student's own scenario ----
ts=$examples/tune-server
declare -A ts_score=([processes]="Score: 6/6 (4 of 4 checks passed)"
                     [thread-per-request]="Score: 5/6 (3 of 4 checks passed)"
                     [four-cores]="Score: 0/6 (0 of 4 checks passed)"
                     [no-stacks]="Score: 0/6 (0 of 4 checks passed)"
                     [invalid]="Score: 0/6 (0 of 4 checks passed)"
                     [missing]="Score: 0/6 (0 of 4 checks passed)")
for v in processes thread-per-request four-cores no-stacks invalid missing; do
    want=1
    [[ $v == processes ]] && want=0
    in_dir "$ts" $want grade rubric.json --scenario "student-$v.json" \
        --prairielearn "$out/pl.json" --gradescope "$out/gs.json"
    compare "$ts/expected/report-$v.txt" "$out/stdout"
    has "$out/stdout" "${ts_score[$v]}"
    compare "$ts/expected/prairielearn-$v.json" "$out/pl.json"
done
# The teacher's own check: the starter must not pass.
in_dir "$ts" 1 grade rubric.json
has "$out/stdout" "Score: 3/6 (3 of 4 checks passed)"
# The rubric fixes everything but the runtimes: a thread stack of "0B" (which made
# a thread per request fit in 100 MiB, 6/6) is not gradable, and says why.
has "$ts/expected/report-no-stacks.txt" \
    '  student-no-stacks.json:6:44: $.machine.thread_memory: the rubric fixes this value: starter.json leaves it out, this file has "0B"'
# Values are compared by meaning: the default written out, the same seed left out.
sed 's/"cores": 2}/"cores": 2, "thread_memory": "8MiB"}/; /"seed": 1,/d' \
    "$ts/student-processes.json" >"$out/student-spelled.json"
cp "$ts/starter.json" "$ts/rubric.json" "$out/"
in_dir "$out" 0 grade rubric.json --scenario student-spelled.json
has "$out/stdout" "${ts_score[processes]}"
# The rubric's scenario is needed even when a student's is graded.
rm "$out/starter.json"
in_dir "$out" 2 grade rubric.json --scenario student-spelled.json
has "$out/stderr" "rubric.json:4:15: \$.scenario: starter.json: cannot open the file: No such file or directory"

# ---- the teacher's mistakes: exit 2, every problem, nothing on stdout ----
cat >"$out/bad.json" <<'EOF'
{"schema": "bistro-rubric/1", "scenario": "print-order.json",
 "checks": [
  {"name": "a", "pionts": 2, "runtime": "Node.js", "expect": "log_order", "answer": "x"},
  {"name": "b", "points": 1, "runtime": "Node.js", "metric": "latency_ms.p90", "max": 5}]}
EOF
cp "$po/print-order.json" "$out/"
in_dir "$out" 2 grade bad.json --answers "$po/answers-full.json" --gradescope "$out/never.json"
[[ ! -s "$out/stdout" ]] || fail "a bad rubric printed a report"
[[ ! -e "$out/never.json" ]] || fail "a bad rubric wrote a results file"
has "$out/stderr" 'bad.json:3:17: $.checks[0]: unknown key "pionts" (expected one of: name, points, runtime, expect, metric, answer, tolerance, min, max, require, hint, equals, service)'
has "$out/stderr" 'bad.json:3:3: $.checks[0]: missing required key "points"'
grep -qF 'bad.json:4:62: $.checks[1].metric: unknown metric "latency_ms.p90" (expected one of: ' \
    "$out/stderr" || fail "no message for the unknown metric"
sed -i 's/"Node.js", "metric"/"Nodejs", "metric"/; s/pionts/points/; s/p90/p99/' "$out/bad.json"
in_dir "$out" 2 grade bad.json --answers "$po/answers-full.json"
has "$out/stderr" 'bad.json:4:41: $.checks[1].runtime: no runtime named "Nodejs" in print-order.json (it has: "Node.js", "asyncio", "Blocking thread")'
in_dir "$out" 2 grade missing-rubric.json
has "$out/stderr" "missing-rubric.json: cannot open the file: No such file or directory"

# ---- usage ----
in_dir "$po" 2 grade
has "$out/stderr" "bistro-sim: grade needs a RUBRIC file"
in_dir "$po" 2 grade rubric.json --answers
has "$out/stderr" "bistro-sim: --answers needs a value"
in_dir "$po" 2 grade rubric.json --answers a.json --answers b.json
has "$out/stderr" "bistro-sim: --answers is given twice"
in_dir "$po" 2 grade rubric.json --points 3
has "$out/stderr" "bistro-sim: unknown option '--points'"
in_dir "$po" 2 grade rubric.json other.json
has "$out/stderr" "bistro-sim: grade takes one RUBRIC; 'other.json' is a second one"
in_dir "$po" 2 grade rubric.json --gradescope - --prairielearn -
has "$out/stderr" "bistro-sim: only one of --gradescope and --prairielearn can be '-'"
# A results file on stdout: the report goes to stderr.
in_dir "$po" 0 grade rubric.json --answers answers-full.json --gradescope -
grep -q '^{"score": 5.0,' "$out/stdout" || fail "--gradescope - did not write the results on stdout"
has "$out/stderr" "Score: 5/5 (4 of 4 checks passed)"
# A results file that cannot be written.
in_dir "$po" 2 grade rubric.json --answers answers-full.json --prairielearn "$out/no/such/dir.json"
grep -q "^bistro-sim: cannot write $out/no/such/dir.json: " "$out/stderr" \
    || fail "no message for an unwritable results file"

# A student's text cannot forge report lines: a newline in an answer is shown as
# \n inside its quotes, never as a line of its own.
cp "$po"/rubric.json "$po"/print-order.json "$out/"
printf '{"node_order": ["1\\nPASS  2/2  forged\\nScore: 5/5", "2", "4", "5", "3"], "asyncio_order": ["1", "2", "4", "5", "3"], "thread_order": ["x\\ny"], "node_ms": 5}' >"$out/forge.json"
in_dir "$out" 1 grade rubric.json --answers forge.json
grep -q '^ *PASS  2/2  forged' "$out/stdout" && fail "a student's newline forged a PASS line"
[[ $(grep -c '^Score:' "$out/stdout") == 1 ]] || fail "a student's newline forged a Score line"
grep -qF 'the answer has "1\nPASS  2/2  forged\nScore: 5/5"' "$out/stdout" \
    || fail "the answer's newline is not shown as \\n: $(cat "$out/stdout")"

exit $status
