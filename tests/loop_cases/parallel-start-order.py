# parallel-start-order.py - asyncio.gather(a(), b(), c()) wraps each coroutine in a
# task whose first step is scheduled with call_soon, so it starts in the next loop
# iteration, after the callback main queued before calling gather.
# Run: python3 parallel-start-order.py
import asyncio


async def a():
    print("a1")
    await asyncio.sleep(0.010)
    print("a2")


async def b():
    print("b1")
    await asyncio.sleep(0.005)
    print("b2")


async def c():
    print("c1")


async def main():
    print("start")
    loop.call_soon(print, "m")
    await asyncio.gather(a(), b(), c())
    print("end")


loop = asyncio.new_event_loop()
loop.create_task(main())
loop.call_later(0.2, loop.stop)
loop.run_forever()
loop.close()
