# run_queues.py - N CPU-bound processes on a machine with fewer cores.
#
# Each process spins for WORK seconds of its own CPU time. Printed: when each
# finished, as a multiple of one process alone. With one run queue shared by all
# cores and equal time slices (bistro), N processes on C cores all finish near
# N / C times one alone; Linux keeps a run queue per core and balances them now
# and then, so a process that has a core to itself can finish early.
# Run: python3 run_queues.py [N] [WORK]    (defaults 3, 1.0)
import multiprocessing as mp
import sys
import time

N = int(sys.argv[1]) if len(sys.argv) > 1 else 3
WORK = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0


def spin(q, t0):
    c = time.process_time()
    while time.process_time() - c < WORK:
        pass
    q.put(time.perf_counter() - t0)


if __name__ == "__main__":
    q = mp.Queue()
    t0 = time.perf_counter()
    spin(q, t0)
    alone = q.get()
    t0 = time.perf_counter()
    ps = [mp.Process(target=spin, args=(q, t0)) for _ in range(N)]
    for p in ps:
        p.start()
    ends = sorted(q.get() / alone for _ in range(N))
    for p in ps:
        p.join()
    print(f"{mp.cpu_count()} cores: finished at " + " ".join(f"{e:.2f}" for e in ends)
          + " x one alone")
