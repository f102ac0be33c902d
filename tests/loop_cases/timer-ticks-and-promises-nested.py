# timer-ticks-and-promises-nested.py - the same in asyncio: setImmediate, nextTick
# and the promise are all call_soon; both call_later(0) run in one iteration.
# Run: python3 timer-ticks-and-promises-nested.py
import asyncio
import time


def busy(ms):
    end = time.perf_counter() + ms / 1000
    while time.perf_counter() < end:
        pass


def n():
    print("n")
    loop.call_soon(print, "pn")


def p():
    print("p")
    loop.call_soon(print, "np")


def t1():
    print("t1")
    loop.call_soon(print, "i")
    loop.call_soon(n)
    loop.call_soon(p)


def main():
    loop.call_later(0, t1)
    loop.call_later(0, print, "t2")
    busy(5)


loop = asyncio.new_event_loop()
loop.call_soon(main)
loop.call_later(0.1, loop.stop)
loop.run_forever()
loop.close()
