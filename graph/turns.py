"""Turns at the database: at most `limit` transactions at once, the oldest request first.

A FIFO semaphore queues every query of a request again behind every request that arrived in
the meantime: under 100 clients a question that needs three queries in a row waited three
times, and the slowest answers (p99 13.6 s, p50 1.4 s) were those. Here a waiting transaction
is ordered by when its request began (`since`), so a request's later queries go before
requests that came after it, and a request waits about once, however many queries it needs.
"""

import asyncio
import contextlib
import heapq
import itertools


class Turns:
    def __init__(self, limit: int):
        self.free = limit
        self._waiting: list[tuple[float, int, asyncio.Future]] = []  # a heap: oldest request first
        self._order = itertools.count()  # equal `since`: first come, first served

    @contextlib.asynccontextmanager
    async def turn(self, since: float):
        if self.free > 0 and not self._waiting:
            self.free -= 1
        else:
            granted = asyncio.get_running_loop().create_future()
            heapq.heappush(self._waiting, (since, next(self._order), granted))
            try:
                await granted
            except BaseException:
                # Cancelled (the request's time limit) after the turn was handed over: pass it on.
                # Still waiting: `_release` skips the cancelled future.
                if granted.done() and not granted.cancelled():
                    self._release()
                raise
        try:
            yield
        finally:
            self._release()

    def _release(self) -> None:
        while self._waiting:
            *_, granted = heapq.heappop(self._waiting)
            if not granted.done():
                granted.set_result(None)
                return
        self.free += 1
