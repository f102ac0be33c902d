# interval-late-drift.py - the same in asyncio: the periodic callback call_later's
# itself 20 ms on as it returns. Run: python3 interval-late-drift.py
import asyncio
import time


def busy(ms):
    end = time.perf_counter() + ms / 1000
    while time.perf_counter() < end:
        pass


n = 0


def tick():
    global n
    print("tick")
    n += 1
    if n < 3:
        loop.call_later(0.020, tick)


def main():
    loop.call_later(0.020, tick)
    loop.call_later(0.060, print, "t60")
    busy(50)


loop = asyncio.new_event_loop()
loop.call_soon(main)
loop.call_later(0.3, loop.stop)
loop.run_forever()
loop.close()
