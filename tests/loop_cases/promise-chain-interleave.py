# promise-chain-interleave.py - the same with call_soon. Run: python3 promise-chain-interleave.py
import asyncio


def a1():
    print("a1")
    loop.call_soon(a2)


def a2():
    print("a2")
    loop.call_soon(print, "a3")


def b1():
    print("b1")
    loop.call_soon(print, "b2")


def main():
    loop.call_soon(a1)
    loop.call_soon(b1)


loop = asyncio.new_event_loop()
loop.call_soon(main)
loop.call_later(0.1, loop.stop)
loop.run_forever()
loop.close()
