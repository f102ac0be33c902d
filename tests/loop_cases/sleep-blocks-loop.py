# sleep-blocks-loop.py - time.sleep inside a coroutine: a 10 ms call_later and a
# task to start soon, then 50 ms of time.sleep, which blocks the loop (and releases
# the GIL). Run: python3 sleep-blocks-loop.py
import asyncio
import time


async def other():
    print("soon")


async def main():
    asyncio.get_running_loop().call_later(0.010, print, "timer")
    asyncio.create_task(other())
    time.sleep(0.050)
    print("slept")
    await asyncio.sleep(0.1)


asyncio.run(main())
