# io-callback-queues-all.py - the same in asyncio: the read goes to the default
# executor; setImmediate, nextTick and the promise are call_soon, setTimeout(0) is
# call_later(0). Run: python3 io-callback-queues-all.py
import asyncio


def read_file():
    with open(__file__, "rb") as f:
        return f.read()


def i1():
    print("i1")
    loop.call_soon(print, "ni1")
    loop.call_later(0, print, "ti1")


def on_read(_):
    print("io")
    loop.call_later(0, print, "t")
    loop.call_soon(i1)
    loop.call_soon(print, "i2")
    loop.call_soon(print, "n")
    loop.call_soon(print, "p")


def main():
    loop.run_in_executor(None, read_file).add_done_callback(on_read)


loop = asyncio.new_event_loop()
loop.call_soon(main)
loop.call_later(0.2, loop.stop)
loop.run_forever()
loop.close()
