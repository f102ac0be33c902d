# await-resolved-vs-chain.py - awaiting a future that is done already does not
# suspend the task (Future.__await__ returns its result at once): the task goes
# on before any callback of a call_soon chain started before it.
# Run: python3 await-resolved-vs-chain.py
import asyncio


def chain(n):
    print("m%d" % n)
    if n < 4:
        loop.call_soon(chain, n + 1)


async def main():
    done = loop.create_future()
    done.set_result(None)
    loop.call_soon(chain, 1)
    await done
    print("resumed")


loop = asyncio.new_event_loop()
loop.create_task(main())
loop.call_later(0.1, loop.stop)
loop.run_forever()
loop.close()
