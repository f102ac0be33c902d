#!/usr/bin/env bash
# cli_quiz.sh - quiz mode end to end, as a class and an autograder use it: a key
# script answers a lesson's questions in `bistro --quiz`, the app saves the answers
# (bistro-answers/1), `bistro-sim rubric` makes the rubric of the same questions
# and `bistro-sim grade` marks them: right answers get every point, wrong ones
# lose theirs, and the app's own verdicts agree with the grader's.
#
#   bash tests/cli_quiz.sh BISTRO_SIM SOURCE_DIR [BISTRO]
set -uo pipefail
sim=$(realpath "$1")
src=$(realpath "$2")
# shellcheck source=lib_cli.sh
source "$(dirname "$0")/lib_cli.sh"
if [[ -z ${3:-} ]]; then
    echo "skip: the app is not built"
    exit 0
fi
app=$(realpath "$3")

# What the real runtimes print for print-order (tests/loop_cases/print-order.expect:
# node v20 and CPython 3.11): Node.js and asyncio 1 2 4 5 3, a blocking thread 1 3 2 4 5.
right="1 Space 2 Space 4 Space 5 Space 3 Enter 1 Space 2 Space 4 Space 5 Space 3 Enter"
right+=" 1 Space 3 Space 2 Space 4 Space 5 Enter"
# the order of the code for Node.js and asyncio (wrong), the thread's right
wrong="1 Space 2 Space 3 Space 4 Space 5 Enter 1 Space 2 Space 3 Space 4 Space 5 Enter"
wrong+=" 1 Space 3 Space 2 Space 4 Space 5 Enter"

"$sim" rubric "$src/scenarios/print-order.json" -o "$out/rubric.json" 2>"$out/err" ||
    fail "rubric: $(cat "$out/err")"

# right answers: full marks, and the frame at the first answer shown says "right"
if "$app" print-order --quiz --keys "$right" --answers-out "$out/right.json" \
    --layout-json "$out/frame.json" 2>"$out/err" &&
    grep -q '"schema": "bistro-answers/1"' "$out/right.json" &&
    grep -q '"node_order": \["1", "2", "4", "5", "3"\]' "$out/right.json"; then
    ok "quiz: the answers typed are saved as bistro-answers/1"
else
    fail "quiz right answers: $(cat "$out/err" "$out/right.json" 2>/dev/null)"
fi
grep -q '"happened":	"1 3 2 4 5"' "$out/frame.json" && grep -q '"right":	true' "$out/frame.json" ||
    fail "quiz: the first answer shown is the blocking thread's, right: $(grep -A3 asked "$out/frame.json")"
"$sim" grade "$out/rubric.json" --answers "$out/right.json" >"$out/report" 2>&1
rc=$?
if [[ $rc == 0 ]] && grep -q "Score: 3/3" "$out/report"; then
    ok "grade: right answers typed in quiz mode get 3/3"
else
    fail "grade right answers: exit $rc: $(cat "$out/report")"
fi

# wrong answers for Node.js and asyncio (the order of the code): 1 of 3
"$app" print-order --quiz --keys "$wrong" --answers-out "$out/wrong.json" \
    --layout-json "$out/frame.json" 2>"$out/err" || fail "quiz wrong answers: $(cat "$out/err")"
"$sim" grade "$out/rubric.json" --answers "$out/wrong.json" >"$out/report" 2>&1
rc=$?
if [[ $rc == 1 ]] && grep -q "Score: 1/3" "$out/report" &&
    grep -q "FAIL  0/1  Node.js" "$out/report" && grep -q "PASS  1/1  One blocking" "$out/report"; then
    ok "grade: two wrong orders typed in quiz mode get 1/3"
else
    fail "grade wrong answers: exit $rc: $(cat "$out/report")"
fi

# a choice by a show of hands, the two numbers skipped (Esc): the class's choice is
# the option most hands went up for, and the hands are kept; 1 of 3
"$sim" rubric "$src/scenarios/waiter-and-tables.json" -o "$out/wt-rubric.json" 2>/dev/null
if "$app" waiter-and-tables --quiz --keys "Escape Escape A 3 B 1 2 C 0 Enter" \
    --answers-out "$out/hands.json" 2>"$out/err" &&
    grep -q '"per_table": "Later"' "$out/hands.json" &&
    grep -q '"hands": {"per_table": {"Sooner": 3, "Later": 12, "At the same time": 0}}' \
        "$out/hands.json"; then
    ok "quiz: a show of hands picks the option most hands went up for, and keeps the hands"
else
    fail "quiz hands: $(cat "$out/err" "$out/hands.json" 2>/dev/null)"
fi
"$sim" grade "$out/wt-rubric.json" --answers "$out/hands.json" >"$out/report" 2>&1
grep -q "Score: 1/3" "$out/report" || fail "grade hands: $(cat "$out/report")"

# a number typed: three-requests, one thread serves three 1 s database waits one
# after the other, about 3 s (3000 ms within 10 %); Node.js overlaps them (1000)
"$sim" rubric "$src/scenarios/three-requests.json" -o "$out/tr-rubric.json" 2>/dev/null
"$app" three-requests --quiz --keys "3 0 0 0 Enter 1 0 0 0 Enter" \
    --answers-out "$out/num.json" 2>"$out/err" || fail "quiz numbers: $(cat "$out/err")"
"$sim" grade "$out/tr-rubric.json" --answers "$out/num.json" >"$out/report" 2>&1
grep -q "Score: 2/2" "$out/report" || fail "grade numbers: $(cat "$out/num.json" "$out/report")"
"$app" three-requests --quiz --keys "1 0 0 0 Enter 1 0 0 0 Enter" \
    --answers-out "$out/num.json" 2>"$out/err"
"$sim" grade "$out/tr-rubric.json" --answers "$out/num.json" >"$out/report" 2>&1
grep -q "Score: 1/2" "$out/report" && ok "quiz: numbers typed are graded with the question's tolerance" ||
    fail "grade a wrong number: $(cat "$out/num.json" "$out/report")"

# the answers file is replaced whole, never left half-written, no temporary left
echo "old answers" >"$out/keep.json"
"$app" print-order --quiz --keys "$right" --answers-out "$out/keep.json" 2>/dev/null
if grep -q '"thread_order"' "$out/keep.json" && ! grep -q "old answers" "$out/keep.json" &&
    [[ -z $(find "$out" -name '*.tmp-*') ]]; then
    ok "quiz: --answers-out replaces the file whole"
else
    fail "answers replaced: $(cat "$out/keep.json"; ls "$out")"
fi
mkdir "$out/dir.json"
"$app" print-order --quiz --keys "$right" --answers-out "$out/dir.json" 2>"$out/err"
rc=$?
[[ $rc == 3 ]] && grep -q "cannot write the answers to" "$out/err" ||
    fail "answers to a folder: exit $rc: $(cat "$out/err")"

# "you are the event loop" on print-order's Node.js run: its two points (the
# microtasks before a timer after the main script; in the poll phase, the file
# read's next callback before a timer that waits for the next timers phase), one
# wrong pick first: 2 right, 1 wrong, done
if "$app" print-order --be-the-loop --keys "2 1 2" --layout-json "$out/game.json" 2>"$out/err" &&
    grep -q '"right":	2' "$out/game.json" && grep -q '"wrong":	1' "$out/game.json" &&
    grep -q '"done":	true' "$out/game.json"; then
    ok "--be-the-loop: picks by key, the wrong one counted, a score at the end"
else
    fail "--be-the-loop: $(cat "$out/err"; grep -A12 loopgame "$out/game.json")"
fi
expect2 "--be-the-loop with --quiz" "one mode at a time" \
    "$app" print-order --be-the-loop --quiz --png "$out/x.png"

expect2 "--answers-out without --quiz" "answers-out goes with --quiz" \
    "$app" print-order --answers-out "$out/x.json" --png "$out/x.png"
expect2 "--quiz with --at" "goes without --frames and --at" \
    "$app" print-order --quiz --at 5ms --png "$out/x.png"
exit $status
