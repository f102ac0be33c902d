#!/usr/bin/python3
"""simpy_mm2.py - the benchmark's M/M/2 queue in SimPy 2.3, the yardstick for bistro.

The same model as bench_engine.c: Poisson arrivals at 1500/s, two servers (a
Resource of capacity 2, FIFO), exponential service with mean 1 ms, N requests.
It prints one line of JSON with the fields bench_engine also prints (requests,
seconds, requests_per_s, mean_response_ms, peak_rss_kib), so bench/run can put
the two side by side. `seconds` is the wall time of simulate() only, like the C
side times sim_run_go() only.

SimPy 2.3 is Debian's python3-simpy; it is installed for /usr/bin/python3, which
is why this script names that interpreter rather than whatever python3 is first
on PATH.

Usage: /usr/bin/python3 simpy_mm2.py N [--seed S]
"""
import json
import random
import resource
import sys
import time

try:
    from SimPy.Simulation import Process, Resource, Simulation, hold, release, request
except ImportError:
    sys.stderr.write("simpy_mm2.py: SimPy 2.3 is not installed for %s "
                     "(apt-get install python3-simpy)\n" % sys.executable)
    sys.exit(3)

ARRIVAL_RATE_PER_S = 1500.0
SERVICE_RATE_PER_S = 1000.0  # mean service 1 ms
SERVERS = 2


class Stats:
    """Completed requests and the sum of their response times (seconds)."""

    def __init__(self):
        self.done = 0
        self.total_response = 0.0


class Customer(Process):
    """One request: wait for a server, hold it for an exponential time, leave."""

    def serve(self, servers, rng, stats):
        arrived = self.sim.now()
        yield request, self, servers
        yield hold, self, rng.expovariate(SERVICE_RATE_PER_S)
        yield release, self, servers
        stats.done += 1
        stats.total_response += self.sim.now() - arrived


class Source(Process):
    """Poisson arrivals: n customers with exponential gaps."""

    def generate(self, n, servers, rng, stats):
        for _ in range(n):
            c = Customer(name="c", sim=self.sim)
            self.sim.activate(c, c.serve(servers, rng, stats))
            yield hold, self, rng.expovariate(ARRIVAL_RATE_PER_S)


def parse_args(argv):
    usage = "usage: simpy_mm2.py N [--seed S]"
    args = argv[1:]
    seed = 1
    if len(args) == 3 and args[1] == "--seed":
        seed = int(args[2])
        args = args[:1]
    if len(args) != 1:
        sys.exit(usage)
    try:
        n = int(args[0])
    except ValueError:
        sys.exit(usage)
    if n < 1:
        sys.exit(usage)
    return n, seed


def main(argv):
    n, seed = parse_args(argv)
    rng = random.Random(seed)
    stats = Stats()
    sim = Simulation()
    servers = Resource(capacity=SERVERS, name="servers", sim=sim)
    src = Source(name="source", sim=sim)
    sim.activate(src, src.generate(n, servers, rng, stats))

    start = time.monotonic()
    # No `until` bound that could cut the run short: a horizon far beyond the
    # last departure (n arrivals at 1500/s take about n/1500 s).
    sim.simulate(until=1e18)
    seconds = time.monotonic() - start

    if stats.done != n:
        sys.stderr.write("simpy_mm2.py: only %d of %d requests completed\n" % (stats.done, n))
        return 1
    out = {
        "engine": "simpy-2.3",
        "requests": n,
        "seconds": round(seconds, 6),
        "requests_per_s": round(n / seconds, 1) if seconds > 0 else 0.0,
        "mean_response_ms": round(stats.total_response / n * 1000.0, 6),
        "peak_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
