# gil_handoff.py - who gets the GIL when its holder lets go.
#
# N threads each run a pure-Python loop for WORK seconds of their own CPU time.
# A thread notes each turn it gets (the first iteration after another thread
# logged). Printed: when each thread finished, as a multiple of one thread alone
# (bistro predicts, with first-come-first-served hand-off, that all finish within
# two switch intervals of N times one thread alone), the number of turns, and how
# many hand-offs went to the waiter that had waited longest (bistro: all of them).
# Run: python3 gil_handoff.py [N] [WORK]    (defaults 3, 0.3)
import sys
import threading
import time

N = int(sys.argv[1]) if len(sys.argv) > 1 else 3
WORK = float(sys.argv[2]) if len(sys.argv) > 2 else 0.3
turns = []


def spin(i, done):
    t0 = time.thread_time()
    while time.thread_time() - t0 < WORK:
        if not turns or turns[-1] != i:
            turns.append(i)
    done[i] = time.perf_counter()


done = {}
t = time.perf_counter()
spin(-1, done)
alone = done[-1] - t
turns.clear()
threads = [threading.Thread(target=spin, args=(i, done)) for i in range(N)]
t0 = time.perf_counter()
for th in threads:
    th.start()
for th in threads:
    th.join()
finish = sorted((done[i] - t0) / alone for i in range(N))
last_turn = {}
longest = 0
for k, i in enumerate(turns):
    if k > 0:
        waiters = [j for j in range(N) if j != turns[k - 1]]
        if i == min(waiters, key=lambda j: last_turn.get(j, -1)):
            longest += 1
    last_turn[i] = k
print("finished at " + " ".join(f"{f:.2f}" for f in finish) + " x one alone; "
      f"{len(turns)} turns; {longest} of {len(turns) - 1} hand-offs to the longest waiter")
