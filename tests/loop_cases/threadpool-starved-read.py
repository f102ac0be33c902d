# threadpool-starved-read.py - the same in asyncio: the hash and the file read go to
# the loop's executor, here of one thread and of the default size (min(32, cores + 4)).
# Run: python3 threadpool-starved-read.py 1
#      python3 threadpool-starved-read.py default
import asyncio
import concurrent.futures
import hashlib
import sys


def hash_password():
    return hashlib.pbkdf2_hmac("sha512", b"secret", b"salt", 100000)  # ~50 ms of CPU


def read_file():
    with open(__file__, "rb") as f:
        return f.read(64)


def main():
    loop.run_in_executor(None, hash_password).add_done_callback(lambda _: print("crypto"))
    loop.run_in_executor(None, read_file).add_done_callback(lambda _: print("read"))


loop = asyncio.new_event_loop()
if sys.argv[1] != "default":
    loop.set_default_executor(concurrent.futures.ThreadPoolExecutor(int(sys.argv[1])))
loop.call_soon(main)
loop.call_later(0.5, loop.stop)
loop.run_forever()
loop.close()
