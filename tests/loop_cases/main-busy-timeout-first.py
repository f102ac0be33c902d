# main-busy-timeout-first.py - the same in asyncio: call_later(0) and call_soon, then
# 5 ms of synchronous work. Run: python3 main-busy-timeout-first.py
import asyncio
import time


def main():
    loop.call_later(0, print, "timeout")
    loop.call_soon(print, "immediate")
    end = time.perf_counter() + 0.005  # 5 ms of synchronous work
    while time.perf_counter() < end:
        pass


loop = asyncio.new_event_loop()
loop.call_soon(main)
loop.call_later(0.1, loop.stop)
loop.run_forever()
loop.close()
