import asyncio


def read_file():
    with open(__file__, "rb") as f:
        return f.read()


def on_read(_):
    print(2)
    loop.call_later(0, print, 3)
    loop.call_soon(print, 4)
    loop.call_soon(print, 5)


def main():
    print(1)
    loop.run_in_executor(None, read_file).add_done_callback(on_read)
    print(6)


loop = asyncio.new_event_loop()
loop.call_soon(main)
loop.call_later(0.2, loop.stop)
loop.run_forever()
loop.close()
