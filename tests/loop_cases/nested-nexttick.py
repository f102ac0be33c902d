# nested-nexttick.py - the same in asyncio (call_soon for nextTick and the promise,
# call_later(0) for the timer). Run: python3 nested-nexttick.py
import asyncio


def a():
    print("a")
    loop.call_soon(c)


def c():
    print("c")
    loop.call_soon(print, "e")


def b():
    print("b")
    loop.call_soon(print, "d")


def main():
    loop.call_soon(a)
    loop.call_soon(b)
    loop.call_soon(print, "p")
    loop.call_later(0, print, "timer")


loop = asyncio.new_event_loop()
loop.call_soon(main)
loop.call_later(0.1, loop.stop)
loop.run_forever()
loop.close()
