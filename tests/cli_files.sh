#!/usr/bin/env bash
# cli_files.sh - what bistro-sim reads and writes: never a named pipe or a device
# as input (refused at once, never waited on), never a student's symbolic link,
# never an output over an input or over another output; devices, pipes and links
# as outputs written through, not replaced; the system's reason when a disk is
# full.
#
#   bash tests/cli_files.sh BISTRO_SIM SOURCE_DIR
set -uo pipefail
sim=$(realpath "$1")
src=$2
# shellcheck source=lib_cli.sh
source "$(dirname "$0")/lib_cli.sh"
po=$src/docs/examples/print-order
cp "$po"/rubric.json "$po"/print-order.json "$po"/answers-full.json "$out/"
mkfifo "$out/pipe.json"

# A named pipe with nobody writing would block every reader for ever: each command
# must refuse it at once (timeout turns a hang into exit 124).
expect2 "validate a FIFO" 'pipe.json: a named pipe \(FIFO\), not a regular file' \
    timeout 10 "$sim" validate "$out/pipe.json"
expect2 "run a FIFO" 'pipe.json: a named pipe \(FIFO\), not a regular file' \
    timeout 10 "$sim" run "$out/pipe.json"
expect2 "grade a FIFO rubric" 'pipe.json: a named pipe \(FIFO\), not a regular file' \
    timeout 10 "$sim" grade "$out/pipe.json"
timeout 10 "$sim" grade "$out/rubric.json" --answers "$out/pipe.json" >"$out/report" 2>&1
rc=$?
if [[ $rc == 1 ]] && grep -q 'pipe.json: a named pipe (FIFO), not a regular file' "$out/report"; then
    ok "grade with FIFO answers: not gradable, at once"
else
    fail "grade with FIFO answers: exit $rc: $(head -5 "$out/report")"
fi
timeout 10 "$sim" grade "$out/rubric.json" --scenario "$out/pipe.json" >"$out/report" 2>&1
rc=$?
if [[ $rc == 1 ]] && grep -q 'pipe.json: a named pipe (FIFO), not a regular file' "$out/report"; then
    ok "grade with a FIFO scenario: not gradable, at once"
else
    fail "grade with a FIFO scenario: exit $rc: $(head -5 "$out/report")"
fi
mkdir "$out/lessons"
cp "$src/scenarios/print-order.json" "$out/lessons/"
mkfifo "$out/lessons/stuck.json"
# (a bad file sorts before the good one: it must not hide it)
echo '{"schema": "bistro/1"}' >"$out/lessons/a-broken.json"
timeout 10 "$sim" list "$out/lessons" >"$out/list" 2>"$out/err"
rc=$?
if [[ $rc == 2 ]] && grep -q 'stuck.json: a named pipe (FIFO), not a regular file' "$out/err" &&
    grep -q '^print-order ' "$out/list"; then
    ok "list a folder with a FIFO in it: refused at once, the good lesson listed (exit $rc)"
else
    fail "list a folder with a FIFO: exit $rc: $(cat "$out/err")"
fi

# A student's answers as a symbolic link to a file they may not read: refused,
# and nothing of the linked file shows.
echo '{"secret": "do-not-print-me"}' >"$out/private.json"
ln -s private.json "$out/linked.json"
(cd "$out" && "$sim" grade rubric.json --answers linked.json --gradescope results.json) \
    >"$out/report" 2>&1
rc=$?
if [[ $rc == 1 ]] && grep -q 'linked.json: a symbolic link; give the file itself' "$out/results.json" &&
    ! grep -q 'do-not-print-me\|secret' "$out/report" "$out/results.json"; then
    ok "grade with symlinked answers: not gradable, results written, nothing quoted"
else
    fail "grade with symlinked answers: exit $rc: $(head -c 400 "$out/results.json")"
fi

# Outputs over inputs.
cp "$out/print-order.json" "$out/keep.json"
expect2 "--trace over the scenario" 'would overwrite the scenario' \
    "$sim" run "$out/keep.json" --runtime Node.js --trace "$out/keep.json"
expect2 "--csv over the scenario by another name" 'would overwrite the scenario' \
    "$sim" run "$out/keep.json" --runtime Node.js --csv "$out/./keep.json"
cmp -s "$out/keep.json" "$out/print-order.json" || fail "the scenario was changed"
expect2 "--trace and --csv to one file" '--trace and --csv would both write' \
    "$sim" run "$out/keep.json" --runtime Node.js --trace "$out/x" --csv "$out/x"
cp "$out/answers-full.json" "$out/answers.json"
expect2 "--gradescope over the answers" 'would overwrite the answers' \
    "$sim" grade "$out/rubric.json" --answers "$out/answers.json" --gradescope "$out/answers.json"
cmp -s "$out/answers.json" "$out/answers-full.json" || fail "the answers were changed"
expect2 "--gradescope over the rubric" 'would overwrite the rubric' \
    "$sim" grade "$out/rubric.json" --answers "$out/answers.json" --gradescope "$out/rubric.json"
expect2 "--prairielearn over the rubric's scenario" 'would overwrite the scenario' \
    "$sim" grade "$out/rubric.json" --answers "$out/answers.json" --prairielearn "$out/print-order.json"
expect2 "--gradescope and --prairielearn to one file" 'would both write' \
    "$sim" grade "$out/rubric.json" --answers "$out/answers.json" --gradescope "$out/r.json" \
    --prairielearn "$out/r.json"
[[ -e "$out/r.json" ]] && fail "r.json was written"

# {runtime}: two names with one slug are refused; a name without letters or digits
# still names a file.
cat >"$out/twins.json" <<'JSON'
{"schema": "bistro/1", "title": "twins",
 "workload": {"requests": [{"at": 0, "steps": [{"cpu": "1ms"}]}]},
 "runtimes": [{"name": "Node.js", "model": "event_loop", "flavor": "node"},
              {"name": "node js", "model": "event_loop", "flavor": "node"},
              {"name": "→ ←", "model": "threads"}]}
JSON
expect2 "{runtime} names that collide" "runtimes 'Node.js' and 'node js' would both write .*/t-node-js.jsonl" \
    "$sim" run "$out/twins.json" --trace "$out/t-{runtime}.jsonl"
ls "$out"/t-*.jsonl >/dev/null 2>&1 && fail "a trace was written despite the collision"
if "$sim" run "$out/twins.json" --runtime "→ ←" --trace "$out/{runtime}.jsonl" >/dev/null 2>"$out/err" &&
    [[ -s "$out/runtime-3.jsonl" ]]; then
    ok "a runtime name without letters or digits gives runtime-3"
else
    fail "a name without letters: $(cat "$out/err"); $(ls "$out")"
fi

# Outputs that are not regular files are written through; links stay links.
# A full disk: /dev/full through a link of our own, so that a bistro-sim that
# wrongly replaced its target would replace the link, never the device.
if [[ -c /dev/full ]]; then
    ln -s /dev/full "$out/full"
    expect2 "--csv to a full device" 'cannot write .*/full: No space left on device' \
        "$sim" run "$out/keep.json" --runtime Node.js --csv "$out/full"
    expect2 "--trace to a full device (more than a buffer)" 'cannot write .*/full: No space left on device' \
        "$sim" run "$src/scenarios/load-test-c1000.json" --runtime Node.js --trace "$out/full"
    expect2 "--gradescope to a full device" 'cannot write .*/full: No space left on device' \
        "$sim" grade "$out/rubric.json" --answers "$out/answers.json" --gradescope "$out/full"
    [[ -L "$out/full" ]] || fail "the link to /dev/full was replaced"
fi
mkfifo "$out/export.pipe"
cat "$out/export.pipe" >"$out/from-pipe" &
reader=$!
if "$sim" run "$out/keep.json" --runtime Node.js --csv "$out/export.pipe" >/dev/null 2>"$out/err" &&
    wait $reader && [[ -p "$out/export.pipe" ]] && head -1 "$out/from-pipe" | grep -q '^t_ns,'; then
    ok "an export into a named pipe"
else
    fail "export into a pipe: $(cat "$out/err")"
fi
echo old >"$out/target.csv"
ln -s target.csv "$out/link.csv"
if "$sim" run "$out/keep.json" --runtime Node.js --csv "$out/link.csv" >/dev/null 2>"$out/err" &&
    [[ -L "$out/link.csv" ]] && head -1 "$out/target.csv" | grep -q '^t_ns,'; then
    ok "an export through a symbolic link keeps the link"
else
    fail "export through a link: $(cat "$out/err")"
fi
ls "$out" | grep -q 'tmp-' && fail "a temporary file was left: $(ls "$out")"
exit $status
