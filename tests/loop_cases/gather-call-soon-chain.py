# gather-call-soon-chain.py - gather resumes its caller two iterations after the
# last branch finishes (the branch's done callback, then the caller's wakeup, each
# through call_soon); a chain of call_soon callbacks queued by a branch marks the
# iterations. Run: python3 gather-call-soon-chain.py
import asyncio


def sb():
    print("sb")
    loop.call_soon(print, "sc")


def sa():
    print("sa")
    loop.call_soon(sb)


async def a():
    print("a1")
    loop.call_soon(sa)


async def b():
    print("b1")


async def main():
    loop.call_soon(print, "s1")
    await asyncio.gather(a(), b())
    print("end")


loop = asyncio.new_event_loop()
loop.create_task(main())
loop.call_later(0.1, loop.stop)
loop.run_forever()
loop.close()
