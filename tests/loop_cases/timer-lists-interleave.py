# timer-lists-interleave.py - the same with call_later: asyncio keeps one heap of
# timers by due time (BaseEventLoop._scheduled), so they run in due order.
# Run: python3 timer-lists-interleave.py
import asyncio
import time


def busy(ms):
    end = time.perf_counter() + ms / 1000
    while time.perf_counter() < end:
        pass


def main():
    loop.call_later(0.010, print, "10ms-a")  # set at 0, due 10
    busy(5)
    loop.call_later(0.010, print, "10ms-b")  # set at 5, due 15
    loop.call_later(0.008, print, "8ms")  # set at 5, due 13
    busy(15)  # the next iteration starts at 20 ms: all three are due


loop = asyncio.new_event_loop()
loop.call_soon(main)
loop.call_later(0.2, loop.stop)
loop.run_forever()
loop.close()
