# parallel-vs-nexttick.py - the same in asyncio: the chain and the nextTick are
# call_soon callbacks; gather makes each branch a task that starts in the next
# iteration, and main resumes two iterations after the last one finished.
# Run: python3 parallel-vs-nexttick.py
import asyncio


def p1():
    print("p1")
    loop.call_soon(p2)


def p2():
    print("p2")
    loop.call_soon(print, "p3")


async def a():
    print("a")
    loop.call_soon(print, "na")


async def b():
    print("b")


async def main():
    loop.call_soon(p1)
    await asyncio.gather(a(), b())
    print("end")


loop = asyncio.new_event_loop()
loop.create_task(main())
loop.call_later(0.1, loop.stop)
loop.run_forever()
loop.close()
