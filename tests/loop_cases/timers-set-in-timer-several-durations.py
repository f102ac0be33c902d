# timers-set-in-timer-several-durations.py - the same with call_later: one heap of
# timers by due time. Run: python3 timers-set-in-timer-several-durations.py
import asyncio


def first():
    print("first")  # at about 100 ms
    loop.call_later(0.300, print, "in-300")  # due 400
    loop.call_later(0.100, print, "in-100")  # due 200
    loop.call_later(0.200, print, "in-200")  # due 300
    loop.call_later(0, print, "in-0")  # due at once


def main():
    loop.call_later(0.250, print, "main-250")
    loop.call_later(0.100, first)


loop = asyncio.new_event_loop()
loop.call_soon(main)
loop.call_later(0.6, loop.stop)
loop.run_forever()
loop.close()
