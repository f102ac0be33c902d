#!/bin/bash
# puzzle_verify.sh [SEEDS] [RUNS] - the generated puzzles against the real runtimes.
#
# For seeds 1 to SEEDS (default 200) of each flavor, `bistro-sim puzzle` writes the
# scenario and its program; the program runs RUNS times (default 1) with the node
# (flavor node) or python3 (flavor asyncio) on PATH, and each run's printed lines
# must be the order that `bistro-sim run SCENARIO --json` reports (the summary's
# "log", in order). Prints every disagreement with the seed and both orders, then
# one line per flavor: "FLAVOR: A agree, D disagree of N seeds". A flavor whose
# runtime is missing is skipped with a message. Not part of ctest: the build
# machines need neither node nor python3.
#
#   BISTRO_SIM=build/bistro-sim FLAVORS="node asyncio" tests/puzzle_verify.sh 200 3
#
# Exit 0 when every run agreed (or was skipped), 1 otherwise, 2 on bad arguments.
src=$(cd "$(dirname "$0")/.." && pwd)
sim=${BISTRO_SIM:-$src/build/bistro-sim}
seeds=${1:-200}
runs=${2:-1}
if ! [[ $seeds =~ ^[0-9]+$ && $runs =~ ^[0-9]+$ ]] || ((seeds < 1 || runs < 1)); then
    echo "usage: $0 [SEEDS] [RUNS] (whole numbers above 0)" >&2
    exit 2
fi
if [[ ! -x $sim ]]; then
    echo "$0: no bistro-sim at $sim (build it, or set BISTRO_SIM)" >&2
    exit 2
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
bad=0
for flavor in ${FLAVORS:-node asyncio}; do
    case $flavor in
    node) runtime=node ext=js ;;
    asyncio) runtime=python3 ext=py ;;
    *) echo "$0: unknown flavor '$flavor'" >&2; exit 2 ;;
    esac
    if ! command -v "$runtime" > /dev/null; then
        echo "$flavor: skipped, no $runtime on PATH"
        continue
    fi
    agree=0 disagree=0
    for ((seed = 1; seed <= seeds; seed++)); do
        scn=$dir/puzzle.json prog=$dir/puzzle.$ext
        if ! "$sim" puzzle --flavor "$flavor" --seed "$seed" -o "$scn" ||
            ! "$sim" puzzle --flavor "$flavor" --seed "$seed" --program -o "$prog"; then
            echo "$flavor seed $seed: bistro-sim puzzle failed"
            disagree=$((disagree + 1))
            continue
        fi
        want=$("$sim" run "$scn" --json | grep -o '"text": "[^"]*"' | sed 's/"text": "\(.*\)"/\1/' |
            tr '\n' ' ')
        want=${want% }
        ok=1
        for ((i = 0; i < runs; i++)); do
            got=$(cd "$dir" && "$runtime" "puzzle.$ext" 2>&1 | tr '\n' ' ')
            got=${got% }
            if [[ $got != "$want" ]]; then
                echo "$flavor seed $seed, run $((i + 1)): $runtime printed '$got', bistro '$want'"
                ok=0
            fi
        done
        if ((ok)); then agree=$((agree + 1)); else disagree=$((disagree + 1)); fi
    done
    echo "$flavor: $agree agree, $disagree disagree of $seeds seeds ($runs runs each; $("$runtime" --version 2>&1))"
    ((disagree == 0)) || bad=1
done
exit $bad
