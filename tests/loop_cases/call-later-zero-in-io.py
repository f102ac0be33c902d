# call-later-zero-in-io.py - the same in asyncio: call_soon, call_later(0), call_soon.
# The next iteration's ready queue holds the two call_soon handles, and the expired
# timer is appended after them. Run: python3 call-later-zero-in-io.py
import asyncio


def read_file():
    with open(__file__, "rb") as f:
        return f.read()


def on_read(_):
    loop.call_soon(print, "a")
    loop.call_later(0, print, "b")
    loop.call_soon(print, "c")


def main():
    loop.run_in_executor(None, read_file).add_done_callback(on_read)


loop = asyncio.new_event_loop()
loop.call_soon(main)
loop.call_later(0.2, loop.stop)
loop.run_forever()
loop.close()
