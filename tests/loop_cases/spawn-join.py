# spawn-join.py - t = loop.create_task(work()) schedules the task's first step
# with call_soon: main goes on first. `await t` while t is pending resumes one
# iteration after t ends (its done callback wakes main with call_soon); `await t`
# once t is done goes straight on. The 5 ms wait stands for network I/O.
# Run: python3 spawn-join.py
import asyncio


def c1():
    print("c1")
    loop.call_soon(print, "c2")


async def work():
    print("t1")
    await asyncio.sleep(0.005)
    print("t2")
    loop.call_soon(c1)


async def main():
    t = loop.create_task(work())
    print("main")
    loop.call_soon(print, "m")
    await t
    print("joined")
    loop.call_soon(print, "d")
    await t
    print("joined again")


loop = asyncio.new_event_loop()
loop.create_task(main())
loop.call_later(0.1, loop.stop)
loop.run_forever()
loop.close()
