# await-call-returns-promise.py - await f() of a coroutine runs it inside the
# awaiting task, with no trip through the loop; g awaits a done future and returns
# its result, which does not suspend either. Both finish before the call_soon chain.
# Run: python3 await-call-returns-promise.py
import asyncio


def chain(n):
    print("m%d" % n)
    if n < 6:
        loop.call_soon(chain, n + 1)


async def f():
    print("f")


async def g():
    print("g")
    done = loop.create_future()
    done.set_result(None)
    return await done


async def main():
    loop.call_soon(chain, 1)
    await f()
    print("after f")
    await g()
    print("after g")


loop = asyncio.new_event_loop()
loop.create_task(main())
loop.call_later(0.1, loop.stop)
loop.run_forever()
loop.close()
