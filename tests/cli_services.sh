#!/usr/bin/env bash
# cli_services.sh - a scenario with services through bistro-sim: the table of
# each runtime's services, the summary's "services" and "time_split_ms", the
# trace's call events, --seeds, the Chrome trace in one file or per service, and
# a runtime that runs a service in process, and bad input (an unknown service, a
# cycle, a service past its budget) with exit 2.
#
#   bash tests/cli_services.sh BISTRO_SIM SOURCE_DIR
set -uo pipefail
sim=$(realpath "$1")
root=$(realpath "${2:-.}")
# shellcheck source=lib_cli.sh
source "$(dirname "$0")/lib_cli.sh"

# One request: 1 ms of CPU, a call of ml (40 ms), a call of history (5 ms of
# I/O), 1 ms of CPU; 0.5 ms each way on the network: 49 ms in all.
cat >"$out/calls.json" <<'JSON'
{"schema": "bistro/1", "title": "calls", "machine": {"context_switch": 0},
 "network": {"latency": "0.5ms"},
 "services": {
   "ml": {"runtime": {"model": "processes", "processes": 4,
                      "each": {"model": "threads", "threads": 1, "gil": true}},
          "machine": {"cores": 4},
          "request": [{"cpu": "40ms"}]},
   "history": {"runtime": {"model": "event_loop", "flavor": "asyncio"},
               "request": [{"io": "5ms"}]}},
 "workload": {"arrivals": {"burst": 1},
              "request": [{"cpu": "1ms"}, {"call": "ml"}, {"call": "history"}, {"cpu": "1ms"}]},
 "runtimes": [{"name": "Node.js", "model": "event_loop", "flavor": "node"},
              {"name": "threads", "model": "threads", "threads": 4}]}
JSON

"$sim" run "$out/calls.json" --runtime threads >"$out/table" 2>"$out/err"
if [[ $? != 0 ]]; then
    fail "run: $(cat "$out/err")"
elif ! grep -q "^services behind threads:$" "$out/table" ||
    ! grep -qE "^ml +1 +1 +[0-9.]+ +40\.000 ms +40\.000 ms +40\.000 ms$" "$out/table" ||
    ! grep -qE "^history +1 +1 +[0-9.]+ +5\.000 ms +5\.000 ms +5\.000 ms$" "$out/table" ||
    ! grep -q "a request's 49.000 ms, on average: own CPU 2.000 ms, own I/O 0.000 ms, services 45.000 ms, network 2.000 ms, queueing 0.000 ms" "$out/table"; then
    fail "run prints a table per runtime of its services: $(cat "$out/table")"
else
    ok "run prints the services behind each runtime and the time split"
fi

"$sim" run "$out/calls.json" --json >"$out/json" 2>"$out/err"
n=$(grep -c '"services": \[' "$out/json")
if [[ $n != 2 ]] ||
    ! grep -qF '{"name": "ml", "completed": 1, "in_flight_max": 1, "throughput_rps": ' "$out/json" ||
    ! grep -qF '"latency_ms": {"mean": 40.0, "p50": 40.0, "p99": 40.0, "max": 40.0}}' "$out/json" ||
    ! grep -qF '"time_split_ms": {"latency": 49.0, "cpu": 2.0, "io": 0.0, "services": 45.0, "network": 2.0, "queueing": 0.0}' "$out/json"; then
    fail "the summary JSON has each runtime's services: $(cat "$out/json")"
else
    ok "the summary JSON has each runtime's services and time split"
fi

"$sim" run "$out/calls.json" --runtime Node.js --trace - >"$out/trace" 2>/dev/null
if [[ $(grep -c '"ev":"call"' "$out/trace") != 2 ]] ||
    ! grep -qF '"ev":"call","req":0,"number":0,"service":"history"' "$out/trace"; then
    fail "the trace has a call event per call: $(grep call "$out/trace")"
else
    ok "the trace names the service of each call"
fi

"$sim" run "$out/calls.json" --seeds 1-3 >"$out/seeds" 2>"$out/err"
if [[ $? != 0 ]] || ! grep -qE "latency_max_ms +49\.0 +49\.0 +49\.0" "$out/seeds"; then
    fail "--seeds runs the services too: $(cat "$out/seeds" "$out/err")"
else
    ok "--seeds runs the services too"
fi

# {service} in an export's path: the front's trace and each service's.
(cd "$out" && "$sim" run calls.json --trace 't-{runtime}-{service}.jsonl' \
    --csv 'c-{runtime}-{service}.csv' >/dev/null 2>"$out/err")
if [[ $? != 0 ]]; then
    fail "exports with {service}: $(cat "$out/err")"
elif ! grep -qF '"runtime":"ml"' "$out/t-threads-ml.jsonl" ||
    ! grep -qF '"ev":"done","worker":0,"req":0,"latency_ns":40000000' "$out/t-threads-ml.jsonl" ||
    ! grep -qF '"runtime":"Node.js"' "$out/t-node-js-front.jsonl" ||
    ! grep -qF '"ev":"call"' "$out/t-node-js-front.jsonl" ||
    [[ $(grep -c ',arrive,' "$out/c-threads-history.csv") != 1 ]]; then
    fail "{service} writes the front's and each service's trace: $(ls "$out")"
else
    ok "{service} writes the front's and each service's trace"
fi

# --chrome with {service}: a file for the front and one per service, as before.
(cd "$out" && "$sim" run calls.json --runtime threads --chrome 'ch-{runtime}-{service}.json' \
    >/dev/null 2>"$out/err")
if [[ $? != 0 ]] || ! grep -qF '"runtime":"ml"' "$out/ch-threads-ml.json" ||
    ! grep -qF '"runtime":"history"' "$out/ch-threads-history.json" ||
    ! grep -qF '"runtime":"threads"' "$out/ch-threads-front.json" ||
    grep -qF '"cat":"call"' "$out/ch-threads-front.json"; then
    fail "--chrome with {service} writes a file per run: $(ls "$out") $(cat "$out/err")"
else
    ok "--chrome with {service} writes the front's and each service's file"
fi

# --chrome without {service}: one file, the front's process, then ml's 4 and
# history's, each call with its arrow there and back.
(cd "$out" && "$sim" run calls.json --chrome 'one-{runtime}.json' >/dev/null 2>"$out/err")
rc=$?
f=$out/one-threads.json
names=$(grep -o '"name":"process_name","ph":"M","pid":[0-9]*,"tid":[0-9]*,"args":{"name":"[^"]*"' "$f" |
    sed 's/.*"pid":\([0-9]*\),.*"args":{"name":"\([^"]*\)"/\1 \2/' | tr '\n' '|')
want='1 front: threads|2 ml service, process 1|3 ml service, process 2|4 ml service, process 3|5 ml service, process 4|6 history service|'
if [[ $rc != 0 ]] || [[ $names != "$want" ]]; then
    fail "one Chrome file with the services' processes: '$names' $(cat "$out/err")"
elif [[ $(grep -c '"name":"call ml","cat":"call","ph":"s"' "$f") != 1 ]] ||
    [[ $(grep -c '"name":"call ml","cat":"call","ph":"f"' "$f") != 1 ]] ||
    [[ $(grep -c '"name":"reply history","cat":"call","ph":"s"' "$f") != 1 ]] ||
    [[ $(grep -c '"name":"reply history","cat":"call","ph":"f"' "$f") != 1 ]] ||
    ! grep -qF '"name":"call ml","cat":"call","ph":"s","ts":1000,"pid":1,' "$f" ||
    ! grep -qF '"name":"call ml","cat":"call","ph":"f","ts":1500,"pid":2,' "$f" ||
    ! grep -qF '"name":"reply ml","cat":"call","ph":"s","ts":41500,"pid":2,' "$f" ||
    ! grep -qF '"name":"reply ml","cat":"call","ph":"f","ts":42000,"pid":1,' "$f" ||
    ! grep -qF '"name":"call history","cat":"call","ph":"s","ts":42000,"pid":1,' "$f" ||
    ! grep -qF '"services":["ml","history"]' "$f"; then
    fail "the calls' arrows in one Chrome file: $(grep '"cat":"call"' "$f")"
else
    ok "--chrome without {service}: one file, the services' processes, the calls' arrows"
fi

# A runtime that does a service's work in process: its tables say so instead of
# a row of zeros that would read as a service that did nothing.
one=$("$sim" run "$root/scenarios/hybrid-gateway.json" --runtime "Python only")
many=$("$sim" run "$root/scenarios/hybrid-gateway.json" --runtime "Python only" --seeds 1-2)
if ! grep -q "^ml       in process: its work is this runtime's own, no calls$" <<<"$one" ||
    ! grep -q "^  service ml: in process, its work is this runtime's own, no calls$" <<<"$many" ||
    grep -q "^ml  *0 " <<<"$one"; then
    fail "an in-process service in the tables: $(grep -A3 'services behind' <<<"$one") / $(grep 'service ml' <<<"$many")"
else
    ok "an in-process service's row says it runs in process, alone and over seeds"
fi

# Bad input: exit 2 with the place.
sed 's/{"call": "history"}/{"call": "histroy"}/' "$out/calls.json" >"$out/typo.json"
expect2 "an unknown service" \
    'typo.json:11:68: \$.workload.request\[2\].call: unknown service "histroy" \(services: ml, history\)' \
    "$sim" validate "$out/typo.json"
sed 's/"request": \[{"io": "5ms"}\]/"request": [{"call": "ml"}, {"call": "history"}]/' \
    "$out/calls.json" >"$out/cycle.json"
expect2 "services calling each other in a cycle" \
    'cycle.json:8:15: \$.services.history: services call each other in a cycle \(history -> history\)' \
    "$sim" run "$out/cycle.json"

# A service whose time slice is 1 ns stops at the event budget, and says so.
cat >"$out/burn.json" <<'JSON'
{"schema": "bistro/1", "title": "slices behind",
 "services": {"burner": {"runtime": {"model": "threads", "threads": 2},
                         "machine": {"quantum": "1ns"},
                         "request": [{"cpu": "100ms"}]}},
 "workload": {"arrivals": {"burst": 2}, "request": [{"call": "burner"}]},
 "runtimes": [{"name": "t", "model": "threads", "threads": 2}]}
JSON
expect2 "a service past its budget" \
    "runtime 't': service 'burner': stopped at .* the run passed its budget of 100000 events \([0-9]+ % of them driven by the OS time slice: machine.quantum 1ns\)" \
    timeout 20 "$sim" run "$out/burn.json" --max-events 100000

exit $status
