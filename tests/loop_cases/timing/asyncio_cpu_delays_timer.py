# asyncio_cpu_delays_timer.py - a 10 ms call_later behind a callback that computes
# for 500 ms. Run: python3 asyncio_cpu_delays_timer.py
import asyncio
import time


def main():
    t0 = time.perf_counter()
    loop.call_later(0.010, lambda: print(f"timer fired at {(time.perf_counter() - t0) * 1000:.1f} ms"))
    while time.perf_counter() - t0 < 0.5:  # 500 ms of CPU in the callback
        pass


loop = asyncio.new_event_loop()
loop.call_soon(main)
loop.call_later(1, loop.stop)
loop.run_forever()
loop.close()
