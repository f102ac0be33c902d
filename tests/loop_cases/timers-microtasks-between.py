# timers-microtasks-between.py - the same in asyncio: both call_later(0) handles are
# moved to the ready queue in one iteration and run together; what they call_soon
# runs in the next iteration. Run: python3 timers-microtasks-between.py
import asyncio


def t1():
    print("t1")
    loop.call_soon(print, "p1")


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
