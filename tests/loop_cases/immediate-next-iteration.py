# immediate-next-iteration.py - the same in asyncio (executor read; call_later(0);
# call_soon). Run: python3 immediate-next-iteration.py
import asyncio
import time


def read_file():
    with open(__file__, "rb") as f:
        return f.read()


def i1():
    print("i1")
    end = time.perf_counter() + 0.002  # 2 ms of synchronous work
    while time.perf_counter() < end:
        pass
    loop.call_soon(print, "i3")


def on_read(_):
    loop.call_later(0, print, "timer")
    loop.call_soon(i1)
    loop.call_soon(print, "i2")


def main():
    loop.run_in_executor(None, read_file).add_done_callback(on_read)


loop = asyncio.new_event_loop()
loop.call_soon(main)
loop.call_later(0.2, loop.stop)
loop.run_forever()
loop.close()
