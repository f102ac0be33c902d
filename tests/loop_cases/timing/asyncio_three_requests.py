# asyncio_three_requests.py - three requests that each wait 1 s on the network,
# served by one asyncio loop. Run: python3 asyncio_three_requests.py
import asyncio
import time


async def request(t0):
    await asyncio.sleep(1)  # 1 s of network I/O
    return time.perf_counter() - t0


async def main():
    t0 = time.perf_counter()
    done = await asyncio.gather(request(t0), request(t0), request(t0))
    print("requests done at " + ", ".join(f"{d * 1000:.1f} ms" for d in done))


asyncio.run(main())
