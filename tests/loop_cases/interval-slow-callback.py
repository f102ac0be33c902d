# interval-slow-callback.py - a callback that works 30 ms and then call_later's
# itself 20 ms on, three times, against call_later(0.090).
# Run: python3 interval-slow-callback.py
import asyncio
import time

n = 0


def busy(ms):
    end = time.perf_counter() + ms / 1000
    while time.perf_counter() < end:
        pass


def tick():
    global n
    print("tick")
    busy(30)
    n += 1
    if n < 3:
        loop.call_later(0.020, tick)


def main():
    loop.call_later(0.020, tick)
    loop.call_later(0.090, print, "t90")


loop = asyncio.new_event_loop()
loop.call_soon(main)
loop.call_later(0.3, loop.stop)
loop.run_forever()
loop.close()
