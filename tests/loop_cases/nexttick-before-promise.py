# nexttick-before-promise.py - the same three callbacks in asyncio, where
# Promise.then, queueMicrotask and process.nextTick all become call_soon.
# Run: python3 nexttick-before-promise.py
import asyncio


def main():
    loop.call_soon(print, "2")
    loop.call_soon(print, "3")
    loop.call_soon(print, "1")


loop = asyncio.new_event_loop()
loop.call_soon(main)
loop.call_later(0.1, loop.stop)
loop.run_forever()
loop.close()
