# immediates-ticks-between.py - the same in asyncio: everything is call_soon, run
# in the order queued. Run: python3 immediates-ticks-between.py
import asyncio


def i1():
    print("i1")
    loop.call_soon(print, "p1")
    loop.call_soon(print, "n1")


def main():
    loop.call_soon(i1)
    loop.call_soon(print, "i2")


loop = asyncio.new_event_loop()
loop.call_soon(main)
loop.call_later(0.1, loop.stop)
loop.run_forever()
loop.close()
