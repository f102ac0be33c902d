#!/usr/bin/env bash
# cli_budgets.sh - a scenario that would run for ever or fill the memory stops at
# a budget with exit 2, naming the budget and what in the scenario drove it; in
# grade the student's work is not gradable and the results file is still written.
#
#   bash tests/cli_budgets.sh BISTRO_SIM SOURCE_DIR
set -uo pipefail
sim=$(realpath "$1")
src=$2
# shellcheck source=lib_cli.sh
source "$(dirname "$0")/lib_cli.sh"

# A 1 ns time slice: tens of millions of events from two requests.
cat >"$out/slices.json" <<'JSON'
{"schema": "bistro/1", "title": "slices", "machine": {"quantum": "1ns"},
 "workload": {"arrivals": {"burst": 2}, "request": [{"cpu": "100ms"}]},
 "runtimes": [{"name": "t", "model": "threads", "threads": 2}]}
JSON
expect2 "--max-events stops a 1 ns quantum" \
    "runtime 't': stopped at .* the run passed its budget of 100000 events \([0-9]+ % of them driven by the OS time slice: machine.quantum 1ns\)" \
    timeout 20 "$sim" run "$out/slices.json" --max-events 100000
expect2 "--max-events needs a number" "--max-events expects a whole number above 0" \
    "$sim" run "$out/slices.json" --max-events 0
expect2 "--max-memory needs a size" '--max-memory expects a size like "2GiB"' \
    "$sim" run "$out/slices.json" --max-memory lots

# 2000 requests of 99,999 steps, all at once: gigabytes of steps in flight.
python_free_steps() {
    printf '{"schema": "bistro/1", "title": "steps", "workload": {"arrivals": {"burst": %s}, "request": [{"repeat": 99999, "steps": [{"cpu": "1us"}]}]}, "runtimes": [{"name": "server", "model": "event_loop", "flavor": "asyncio"}]}' "$1"
}
python_free_steps 2000 >"$out/steps.json"
expect2 "--max-memory stops the steps in flight" \
    "runtime 'server': stopped at .* the run passed its memory budget of 64 MiB with [0-9]+ MiB, most of it the steps of the [0-9]+ requests in flight" \
    timeout 20 "$sim" run "$out/steps.json" --max-memory 64MiB

# 1024 processes of 100,000 threads each, created before the first request:
# stopped at the memory budget, not at the machine's memory.
cat >"$out/threads.json" <<'JSON'
{"schema": "bistro/1", "title": "threads",
 "workload": {"arrivals": {"burst": 1}, "request": [{"cpu": "1ms"}]},
 "runtimes": [{"name": "many", "model": "processes", "processes": 1024,
               "each": {"model": "threads", "threads": 100000}}]}
JSON
expect2 "--max-memory stops threads made in advance" \
    "runtime 'many': stopped before it started: its 1024 processes of 100000 threads, made in advance \(102400000 threads\), would take about [0-9]+ MiB, past its memory budget of 64 MiB" \
    timeout 20 "$sim" run "$out/threads.json" --max-memory 64MiB
# before a thread is made: with the default budget, in 400 MB of address space
# (it made 8 million threads and ran out of memory before). A build with
# AddressSanitizer cannot start in so little address space: then not checked.
if bash -c '(ulimit -v 400000; exec "$0" --version) >/dev/null 2>&1' "$sim" 2>/dev/null; then
    expect2 "threads made in advance stop before they are made" \
        "runtime 'many': stopped before it started: .* past its memory budget of 8192 MiB" \
        bash -c 'ulimit -v 400000; exec timeout 20 "$0" run "$1"' "$sim" "$out/threads.json"
else
    echo "skip threads made in advance in 400 MB: this build cannot start in 400 MB"
fi

# 100 processes of 100,000 threads with a 1 GiB budget: the store of threads
# grows by doubling, so the check counts the 2^24 it would hold, not 10^7 (it
# made 8 million threads before the budget stopped it)
sed 's/"processes": 1024/"processes": 100/' "$out/threads.json" >"$out/threads-100.json"
expect2 "threads made in advance count the store's doubling" \
    "stopped before it started: its 100 processes of 100000 threads" \
    timeout 20 "$sim" run "$out/threads-100.json" --max-memory 1GiB

# The same pool with "start_threads": "when_needed" starts one thread for its one
# request: it runs within a 64 MiB budget (the pool made at the start could not).
sed 's/"threads": 100000}/"threads": 100000, "start_threads": "when_needed"}/' \
    "$out/threads.json" >"$out/threads-lazy.json"
if out_lazy=$(timeout 20 "$sim" run "$out/threads-lazy.json" --json --max-memory 64MiB 2>&1) &&
    grep -q '"completed": 1' <<<"$out_lazy"; then
    ok "a pool of 1024 x 100,000 threads started when needed serves its one request"
else
    fail "a pool started when needed: $out_lazy"
fi

# Context switches of 1,000,000 s: the clock reaches its budget of simulated time
# (2^62 ns) within a few thousand events. No option raises that budget, so the
# message does not offer one.
cat >"$out/switches.json" <<'JSON'
{"schema": "bistro/1", "title": "gil", "machine": {"cores": 2, "context_switch": "1000000s"},
 "workload": {"arrivals": {"burst": 3}, "request": [{"cpu": "10ms"}, {"io": "1ms"}, {"cpu": "10ms"}]},
 "runtimes": [{"name": "py", "model": "threads", "threads": 3, "gil": true, "switch_interval": "1ns"}]}
JSON
expect2 "the budget of simulated time stops huge context switches" \
    "runtime 'py': stopped at .* the run passed its budget of 4611686018 s of simulated time \(about 146 years\), most of it the [0-9]+ context switches of machine.context_switch 1000000s$" \
    timeout 20 "$sim" run "$out/switches.json"

# grade: the student's scenario passes the grader's memory budget (1 GiB): not
# gradable, results written, the grader finishes.
ts=$src/docs/examples/tune-server
cp "$ts"/starter.json "$out/"
# without the rubric's "fixed" paths, which this scenario does not keep
grep -v '"fixed":' "$ts"/rubric.json >"$out/rubric.json"
python_free_steps 20000 >"$out/student.json"
(cd "$out" && timeout 60 "$sim" grade rubric.json --scenario student.json --gradescope results.json) \
    >"$out/report" 2>&1
rc=$?
if [[ $rc == 1 ]] && grep -q 'memory budget of 1024 MiB' "$out/results.json" &&
    grep -q '"score": 0.0' "$out/results.json"; then
    ok "grade: a student's scenario past the memory budget is not gradable, results written"
else
    fail "grade past the budget: exit $rc: $(head -c 600 "$out/report")"
fi
exit $status
