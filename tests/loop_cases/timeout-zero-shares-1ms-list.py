# timeout-zero-shares-1ms-list.py - the same with call_later: asyncio has no 1 ms
# floor and one heap of timers by due time (BaseEventLoop._scheduled), so they run
# in due order. Run: python3 timeout-zero-shares-1ms-list.py
import asyncio
import time


def busy(ms):
    end = time.perf_counter() + ms / 1000
    while time.perf_counter() < end:
        pass


def main():
    loop.call_later(0.001, print, "1ms")  # set at 0, due 1
    busy(5)
    loop.call_later(0.003, print, "3ms")  # set at 5, due 8
    busy(5)
    loop.call_later(0, print, "0ms")  # set at 10, due 10
    busy(15)  # the next iteration starts at 25 ms: all three are due


loop = asyncio.new_event_loop()
loop.call_soon(main)
loop.call_later(0.2, loop.stop)
loop.run_forever()
loop.close()
