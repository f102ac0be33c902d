import asyncio
import time


def p4():
    print(4)
    loop.call_soon(print, 5)


def main():
    print(1)
    loop.call_later(0, print, 2)
    loop.call_soon(print, 3)
    loop.call_soon(p4)
    loop.call_soon(print, 6)
    print(7)
    end = time.perf_counter() + 0.005
    while time.perf_counter() < end:
        pass


loop = asyncio.new_event_loop()
loop.call_soon(main)
loop.call_later(0.1, loop.stop)
loop.run_forever()
loop.close()
