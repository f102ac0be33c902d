#!/bin/bash
# record-races.sh [RUNS] - records the real distribution of print orders behind
# every tests/loop_cases/*.orders file (format: README.md, "Races").
#
# Each NAME.orders names its real program as "#! RUNTIME: COMMAND". This runs the
# command RUNS times (default 200) in this folder, its standard output a pipe, and
# rewrites the file: the "#!" line, a line saying how many runs on which version,
# when and under what load, then one line "COUNT: order" per order seen, most
# frequent first. Other comment lines ("# ...") are kept. Needs node (or the
# runtime the command names); ctest does not run it: timing belongs on a quiet
# machine, and the result is a distribution to review, not a pass or a fail.
cd "$(dirname "$0")" || exit 2
runs=${1:-200}
for f in *.orders; do
    spec=$(grep -m1 '^#! ' "$f") || continue
    cmd=${spec#*: }
    keep=$(grep '^# ' "$f" | grep -v '^# [0-9]* runs on ')
    load0=$(cut -d' ' -f1 /proc/loadavg)
    counts=$(for ((i = 0; i < runs; i++)); do
        out=$(bash -c "$cmd" 2>/dev/null | tr '\n' ' ')
        echo "${out% }"
    done | sort | uniq -c | sort -k1,1nr -k2)
    load1=$(cut -d' ' -f1 /proc/loadavg)
    {
        [[ -n $keep ]] && echo "$keep"
        echo "$spec"
        echo "# $runs runs on $(node --version 2>/dev/null || echo '?') $(date -u +%Y-%m-%d), load average $load0 before, $load1 after"
        echo "$counts" | sed -E 's/^ *([0-9]+) (.*)$/\1: \2/'
    } > "$f.tmp" && mv "$f.tmp" "$f"
    echo "$f: $runs runs of '$cmd' recorded"
done
