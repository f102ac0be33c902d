# call-soon-call-later.py - call_soon callbacks run first in, first out; call_later
# callbacks in order of their time, equal times in the order scheduled.
# Run: python3 call-soon-call-later.py
import asyncio


def main():
    loop.call_soon(print, "s1")
    loop.call_later(0.200, print, "l200")
    loop.call_later(0.100, print, "l100")
    loop.call_soon(print, "s2")
    loop.call_soon(print, "s3")
    loop.call_later(0.100, print, "l100b")


loop = asyncio.new_event_loop()
loop.call_soon(main)
loop.call_later(0.5, loop.stop)
loop.run_forever()
loop.close()
