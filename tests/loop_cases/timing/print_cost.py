# print_cost.py - what print costs in CPython: the first call and five more, in us,
# to stderr. Run: python3 print_cost.py | cat. docs/model.md, "Costs".
import sys, time
t = []
for i in range(6):
    a = time.perf_counter_ns(); print('line', i); t.append((time.perf_counter_ns() - a) / 1e3)
sys.stdout.flush()
print(t, file=sys.stderr)
