#!/bin/bash
# verify.sh [RUNS] - re-derives the expected orders from the real runtimes.
#
# Every tests/loop_cases/*.expect names the real program behind each runtime's
# line as "#! RUNTIME: COMMAND". This runs each command RUNS times (default 10)
# in this folder with the node and python3 on PATH and checks that every run
# prints the expected order (its lines joined by single spaces). Not part of
# ctest: the build machines need neither node nor python3, and real timing
# belongs on a quiet machine. Exit 0 when all agree, 1 otherwise. With
# RECORD_RACES=N (N runs, 100 or more) it then records the races' distributions
# again (record-races.sh N rewrites every NAME.orders).
cd "$(dirname "$0")" || exit 2
runs=${1:-10}
bad=0
for exp in *.expect; do
    while IFS= read -r line; do
        [[ $line == '#! '* ]] || continue
        spec=${line#'#! '}
        name=${spec%%: *}
        cmd=${spec#*: }
        want=
        while IFS= read -r l; do
            [[ $l == "$name: "* ]] && want=${l#"$name: "}
        done < "$exp"
        for ((i = 0; i < runs; i++)); do
            got=$(bash -c "$cmd" 2>/dev/null | tr '\n' ' ')
            got=${got% }
            if [[ $got != "$want" ]]; then
                echo "$exp: $name: run $((i + 1)) of '$cmd' printed '$got', expected '$want'"
                bad=1
            fi
        done
        echo "$exp: $name: $runs runs of '$cmd' checked"
    done < "$exp"
done
if [[ ${RECORD_RACES:-0} -ge 100 ]] && command -v node > /dev/null; then
    ./record-races.sh "$RECORD_RACES" || bad=1
fi
exit $bad
