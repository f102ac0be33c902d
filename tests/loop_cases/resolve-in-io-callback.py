# resolve-in-io-callback.py - a future whose result is set in the done callback of
# a file read run in the default executor, awaited by the task w and by main.
# Everything the callback schedules goes through call_soon, in order: i, m, then
# the awaiters' wakeups in the order they began to wait (main first: w's task
# started one iteration later). Run: python3 resolve-in-io-callback.py
import asyncio


def read():
    with open(__file__, "rb") as f:
        return f.read()


async def w():
    print("w waits")
    await p
    print("w resumed")


def done(_):
    print("read")
    loop.call_soon(print, "i")
    loop.call_soon(print, "m")
    p.set_result(None)
    print("after resolve")


async def main():
    loop.create_task(w())
    loop.run_in_executor(None, read).add_done_callback(done)
    print("main waits")
    await p
    print("main resumed")


loop = asyncio.new_event_loop()
p = loop.create_future()
loop.create_task(main())
loop.call_later(0.2, loop.stop)
loop.run_forever()
loop.close()
