# timers-nexttick-between.py - the same in asyncio (call_later(0); call_soon for the
# promise and the nextTick). Run: python3 timers-nexttick-between.py
import asyncio


def t1():
    print("t1")
    loop.call_soon(print, "p1")
    loop.call_soon(print, "n1")


def t2():
    print("t2")
    loop.call_soon(print, "p2")


def main():
    loop.call_later(0, t1)
    loop.call_later(0, t2)


loop = asyncio.new_event_loop()
loop.call_soon(main)
loop.call_later(0.1, loop.stop)
loop.run_forever()
loop.close()
