# timer-list-grows-while-running.py - the same with call_later: asyncio keeps one
# heap of timers by due time (BaseEventLoop._scheduled), so they run in due order.
# Run: python3 timer-list-grows-while-running.py
import asyncio
import time


def busy(ms):
    end = time.perf_counter() + ms / 1000
    while time.perf_counter() < end:
        pass


def first():
    print("first")  # at about 10 ms: call it T
    loop.call_later(0.010, print, "10ms-a")  # set at T, due T+10
    busy(3)
    loop.call_later(0.008, print, "8ms")  # set at T+3, due T+11
    loop.call_later(0.010, print, "10ms-b")  # set at T+3, due T+13
    busy(17)  # the next iteration comes at T+20: all three are due


def main():
    loop.call_later(0.010, first)


loop = asyncio.new_event_loop()
loop.call_soon(main)
loop.call_later(0.2, loop.stop)
loop.run_forever()
loop.close()
