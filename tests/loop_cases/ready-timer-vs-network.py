# ready-timer-vs-network.py - the same in asyncio with a reader callback on the pipe
# (loop.add_reader, the transport-level callback that Protocol.data_received also
# runs from). BaseEventLoop._run_once appends the selector's ready callbacks to the
# ready queue before the expired timers, so here the I/O callback wins.
# Run: python3 ready-timer-vs-network.py
import asyncio
import subprocess
import time


def main():
    child = subprocess.Popen(["sh", "-c", "sleep 0.002; echo reply"], stdout=subprocess.PIPE)

    def on_readable():
        loop.remove_reader(child.stdout.fileno())
        print("io")

    loop.add_reader(child.stdout.fileno(), on_readable)
    loop.call_later(0.005, print, "timer")
    end = time.perf_counter() + 0.050  # 50 ms of synchronous work
    while time.perf_counter() < end:
        pass
    print("main-end")
    loop.call_later(0.1, lambda: (child.wait(), child.stdout.close()))


loop = asyncio.new_event_loop()
loop.call_soon(main)
loop.call_later(0.2, loop.stop)
loop.run_forever()
loop.close()
