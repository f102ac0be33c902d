# io-ready-at-once.py - an I/O that is complete when asyncio next selects: the
# selector reports the ready descriptor at once, and its callback runs in the same
# iteration as the call_soon queued beside it. Run: python3 io-ready-at-once.py
import asyncio
import socket


def tick(n):
    print(f"t{n}")
    if n < 4:
        loop.call_soon(tick, n + 1)


def on_readable():
    loop.remove_reader(a)
    a.recv(16)
    print("read")


def main():
    loop.add_reader(a, on_readable)
    b.send(b"x")  # the data is there before the next select: the I/O took no time
    loop.call_soon(tick, 1)


a, b = socket.socketpair()
a.setblocking(False)
loop = asyncio.new_event_loop()
loop.call_soon(main)
loop.call_later(0.2, loop.stop)
loop.run_forever()
loop.close()
