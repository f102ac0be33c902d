#!/usr/bin/env bash
# grade.sh - the external grader of this PrairieLearn question
# (info.json: "externalGradingOptions": {"entrypoint": "/grade/tests/grade.sh"}).
#
# PrairieLearn copies the question's tests/ folder (this script, rubric.json and
# its scenario) to /grade/tests, the student's answers.json to /grade/student,
# and the question's data (params, submitted_answers) to /grade/data/data.json,
# which this grader does not need: everything it grades is in answers.json.
# bistro-sim writes /grade/results/results.json, which PrairieLearn reads back.
#
# GRADE_ROOT (default /grade) and BISTRO_SIM (default bistro-sim) let you try this
# script on your own machine; bistro's tests/cli_grade.sh does.
set -u
root=${GRADE_ROOT:-/grade}
sim=${BISTRO_SIM:-bistro-sim}

mkdir -p "$root/results" # PrairieLearn does not create it
status=0
"$sim" grade "$root/tests/rubric.json" \
    --answers "$root/student/answers.json" \
    --prairielearn "$root/results/results.json" || status=$?

# 0: every check passed, 1: some failed; results.json is written either way.
# 2 or 3: the rubric or its scenario is broken (the message is above, in the
# grading job's output). Not the student's fault: "gradable": false costs no attempt.
if [ "$status" -ge 2 ]; then
    printf '{"gradable": false, "score": 0, "message": "The autograder could not grade this submission (bistro-sim exit status %d). Please tell your instructor.", "format_errors": ["the question'"'"'s rubric or scenario is broken"], "tests": []}\n' \
        "$status" >"$root/results/results.json"
fi
exit 0
