# done-callback-soon-later.py - call_later(0), a future's done callback, call_soon.
# Future.set_result schedules the done callbacks with call_soon, so "done" is
# queued before "soon"; the expired call_later(0) joins the ready queue after
# them in the next iteration. Run: python3 done-callback-soon-later.py
import asyncio
import time


def busy(ms):
    end = time.perf_counter() + ms / 1000
    while time.perf_counter() < end:
        pass


def main():
    loop.call_later(0, print, "later")
    fut = loop.create_future()
    fut.add_done_callback(lambda _: print("done"))
    fut.set_result(None)
    loop.call_soon(print, "soon")
    busy(5)


loop = asyncio.new_event_loop()
loop.call_soon(main)
loop.call_later(0.1, loop.stop)
loop.run_forever()
loop.close()
