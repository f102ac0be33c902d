# immediate-in-immediate.py - the same in asyncio: setImmediate and nextTick are both
# call_soon. Run: python3 immediate-in-immediate.py
import asyncio


def i1():
    print("i1")
    loop.call_soon(print, "i3")
    loop.call_soon(print, "tick1")


def main():
    loop.call_soon(i1)
    loop.call_soon(print, "i2")


loop = asyncio.new_event_loop()
loop.call_soon(main)
loop.call_later(0.1, loop.stop)
loop.run_forever()
loop.close()
