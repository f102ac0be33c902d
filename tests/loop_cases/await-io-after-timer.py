# await-io-after-timer.py - the same in asyncio: main awaits a long file read in the
# default executor. Run: python3 await-io-after-timer.py
import asyncio
import os
import sys
import tempfile
import time

PATH = os.path.join(tempfile.gettempdir(), f"bistro-await-io-{os.getpid()}.bin")
with open(PATH, "wb") as f:
    f.write(bytes(32 * 1024 * 1024))  # reading it takes well over 10 ms


def read_file():
    with open(PATH, "rb") as f:
        return f.read()


async def main():
    print("start")
    loop.call_later(0.010, print, "timer")
    t0 = time.perf_counter()
    await loop.run_in_executor(None, read_file)
    print(f"read took {(time.perf_counter() - t0) * 1000:.1f} ms", file=sys.stderr)
    print("resumed")


loop = asyncio.new_event_loop()
loop.create_task(main())
loop.call_later(1, loop.stop)
loop.run_forever()
loop.close()
os.unlink(PATH)
