# await-in-gather.py - awaits inside the coroutines gather waits for: a awaits a
# done future, b an awaitable that finishes at once; neither suspends, so each
# task runs to its end in the iteration it starts, and main resumes two iterations
# later. A call_soon chain marks the iterations. Run: python3 await-in-gather.py
import asyncio


class Ready:
    def __await__(self):
        return iter(())


def chain(n):
    print("m%d" % n)
    if n < 5:
        loop.call_soon(chain, n + 1)


async def a():
    print("a1")
    done = loop.create_future()
    done.set_result(None)
    await done
    print("a2")


async def b():
    print("b1")
    await Ready()
    print("b2")


async def main():
    loop.call_soon(chain, 1)
    await asyncio.gather(a(), b())
    print("end")


loop = asyncio.new_event_loop()
loop.create_task(main())
loop.call_later(0.1, loop.stop)
loop.run_forever()
loop.close()
