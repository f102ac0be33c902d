# seed-order.py - the seed's script in asyncio: the file read goes to the default
# executor (as Node's fs goes to its threadpool), Promise.then is call_soon and
# setTimeout(0) is call_later(0). The script runs as a callback of the loop.
# Run: python3 seed-order.py
import asyncio
import os
import tempfile

PATH = os.path.join(tempfile.gettempdir(), f"bistro-seed-order-{os.getpid()}.bin")
with open(PATH, "wb") as f:
    f.write(bytes(32 * 1024 * 1024))  # reading it takes longer than 1 ms


def read_file():
    with open(PATH, "rb") as f:
        return f.read()


def main():
    print("1")
    loop.run_in_executor(None, read_file).add_done_callback(lambda _: print("3"))
    print("2")
    loop.call_soon(print, "4")
    loop.call_later(0, print, "5")


loop = asyncio.new_event_loop()
loop.call_soon(main)
loop.call_later(0.5, loop.stop)
loop.run_forever()
loop.close()
os.unlink(PATH)
