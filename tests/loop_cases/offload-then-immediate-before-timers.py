# offload-then-immediate-before-timers.py - the same in asyncio: the hash in the
# default executor, its done callback sets call_later(0) and call_soon and works
# 100 ms; the next iteration runs the call_soon callback, then the expired timers
# by due time. Run: python3 offload-then-immediate-before-timers.py
import asyncio
import hashlib
import time


def busy(ms):
    end = time.perf_counter() + ms / 1000
    while time.perf_counter() < end:
        pass


def hash_password():
    return hashlib.pbkdf2_hmac("sha512", b"secret", b"salt", 60000)  # ~30 ms of CPU


def on_hash(_):
    print("hash")
    loop.call_later(0, print, "t0")
    loop.call_soon(print, "immediate")
    busy(100)


def main():
    loop.call_later(0.100, print, "t100")
    loop.run_in_executor(None, hash_password).add_done_callback(on_hash)


loop = asyncio.new_event_loop()
loop.call_soon(main)
loop.call_later(0.5, loop.stop)
loop.run_forever()
loop.close()
