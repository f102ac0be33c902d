# timer-list-stops-at-first-not-due.py - the same with call_later: asyncio runs the
# timers that are due, by due time (BaseEventLoop._run_once).
# Run: python3 timer-list-stops-at-first-not-due.py
import asyncio
import time


def busy(ms):
    end = time.perf_counter() + ms / 1000
    while time.perf_counter() < end:
        pass


def main():
    loop.call_later(0.200, print, "200ms-a")  # set at 0, due 200
    busy(205)
    loop.call_later(0.200, print, "200ms-b")  # set at 205, due 405
    loop.call_later(0.002, print, "2ms")  # set at 205, due 207
    busy(5)  # the next iteration starts at 210 ms: 200ms-a and 2ms are due


loop = asyncio.new_event_loop()
loop.call_soon(main)
loop.call_later(0.6, loop.stop)
loop.run_forever()
loop.close()
