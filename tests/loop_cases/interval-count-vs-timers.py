# interval-count-vs-timers.py - the same in asyncio: a callback that call_later's
# itself 50 ms on as it returns, three times; call_later(0.125) and call_soon.
# Run: python3 interval-count-vs-timers.py
import asyncio

n = 0


def tick():
    global n
    print("tick")
    n += 1
    if n < 3:
        loop.call_later(0.050, tick)


def main():
    loop.call_later(0.050, tick)
    loop.call_later(0.125, print, "t125")
    loop.call_soon(print, "immediate")


loop = asyncio.new_event_loop()
loop.call_soon(main)
loop.call_later(0.3, loop.stop)
loop.run_forever()
loop.close()
