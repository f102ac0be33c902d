# timer-sets-immediate-and-timeout.py - the same in asyncio: the call_soon handle is
# in the ready queue before the next iteration appends the expired call_later(0).
# Run: python3 timer-sets-immediate-and-timeout.py
import asyncio
import time


def busy(ms):
    end = time.perf_counter() + ms / 1000
    while time.perf_counter() < end:
        pass


def timer():
    print("timer")
    loop.call_later(0, print, "timeout")
    loop.call_soon(print, "immediate")
    busy(3)


def main():
    loop.call_later(0.010, timer)


loop = asyncio.new_event_loop()
loop.call_soon(main)
loop.call_later(0.2, loop.stop)
loop.run_forever()
loop.close()
