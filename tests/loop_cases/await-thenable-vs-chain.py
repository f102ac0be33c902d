# await-thenable-vs-chain.py - asyncio has no thenables; the closest is an
# awaitable object whose __await__ finishes at once, which does not suspend the
# task either. Run: python3 await-thenable-vs-chain.py
import asyncio


class Ready:
    def __await__(self):
        return iter(())


def chain(n):
    print("m%d" % n)
    if n < 4:
        loop.call_soon(chain, n + 1)


async def main():
    loop.call_soon(chain, 1)
    await Ready()
    print("resumed")


loop = asyncio.new_event_loop()
loop.create_task(main())
loop.call_later(0.1, loop.stop)
loop.run_forever()
loop.close()
