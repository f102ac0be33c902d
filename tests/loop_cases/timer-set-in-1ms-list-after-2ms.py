# timer-set-in-1ms-list-after-2ms.py - the same with call_later: both expired timers
# join the ready queue in one iteration; the one set by 1ms-a in the next.
# Run: python3 timer-set-in-1ms-list-after-2ms.py
import asyncio
import time


def busy(ms):
    end = time.perf_counter() + ms / 1000
    while time.perf_counter() < end:
        pass


def one_a():
    print("1ms-a")
    loop.call_later(0.001, print, "1ms-b")
    busy(5)


def main():
    loop.call_later(0.001, one_a)
    loop.call_later(0.002, print, "2ms")
    busy(5)  # both timers are due when the loop selects


loop = asyncio.new_event_loop()
loop.call_soon(main)
loop.call_later(0.1, loop.stop)
loop.run_forever()
loop.close()
