# resolve-in-timer.py - a future whose result is set in a call_later callback and
# awaited in two places: the task w (created first, started one iteration later)
# and main. Each resumes with one call_soon after set_result, in the order they
# began to wait, behind a callback queued before it. Run: python3 resolve-in-timer.py
import asyncio


async def w():
    print("w waits")
    await p
    print("w resumed")


def timer():
    print("timer")
    loop.call_soon(print, "m")
    p.set_result(None)


async def main():
    loop.create_task(w())
    loop.call_later(0.005, timer)
    print("main waits")
    await p
    print("main resumed")


loop = asyncio.new_event_loop()
p = loop.create_future()
loop.create_task(main())
loop.call_later(0.1, loop.stop)
loop.run_forever()
loop.close()
