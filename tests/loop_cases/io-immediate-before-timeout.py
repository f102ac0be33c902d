# io-immediate-before-timeout.py - the same in asyncio: the file read goes to the
# default executor; inside its callback setTimeout(0) is call_later(0) and
# setImmediate is call_soon. Run: python3 io-immediate-before-timeout.py
import asyncio


def read_file():
    with open(__file__, "rb") as f:
        return f.read()


def on_read(_):
    loop.call_later(0, print, "timeout")
    loop.call_soon(print, "immediate")


def main():
    loop.run_in_executor(None, read_file).add_done_callback(on_read)


loop = asyncio.new_event_loop()
loop.call_soon(main)
loop.call_later(0.2, loop.stop)
loop.run_forever()
loop.close()
