# timers-expiry-order.py - the same with call_later. Run: python3 timers-expiry-order.py
import asyncio


def main():
    loop.call_later(0.030, print, "30ms")
    loop.call_later(0.010, print, "10ms-a")
    loop.call_later(0.020, print, "20ms-a")
    loop.call_later(0.010, print, "10ms-b")
    loop.call_later(0.020, print, "20ms-b")


loop = asyncio.new_event_loop()
loop.call_soon(main)
loop.call_later(0.2, loop.stop)
loop.run_forever()
loop.close()
