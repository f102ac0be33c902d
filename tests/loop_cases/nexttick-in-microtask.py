# nexttick-in-microtask.py - the same callbacks in asyncio (all call_soon, one FIFO).
# Run: python3 nexttick-in-microtask.py
import asyncio


def p1():
    print("p1")
    loop.call_soon(print, "tick-from-p1")


def t1():
    print("t1")
    loop.call_soon(print, "promise-from-t1")


def main():
    loop.call_soon(p1)
    loop.call_soon(t1)
    loop.call_soon(print, "p2")


loop = asyncio.new_event_loop()
loop.call_soon(main)
loop.call_later(0.1, loop.stop)
loop.run_forever()
loop.close()
