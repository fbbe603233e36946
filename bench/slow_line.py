"""A village's line between the workbench and the county server, as a TCP proxy on 127.0.0.1.

Each direction is a link of ``rate_bps`` bits per second: bytes leave in the order they came,
no faster than the rate, and arrive ``rtt_s / 2`` later (the other half of the round trip is
the other direction's). Every byte is counted, per direction: what the two sides really send,
headers and all. With ``rate_bps=None`` it only counts.

Used by ``bench/line_bench.py``; runs its own asyncio loop in a thread.
"""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import dataclass


@dataclass
class Counts:
    up: int = 0  # client -> server
    down: int = 0  # server -> client


class SlowLine:
    def __init__(self, target_port: int, *, rate_bps: float | None, rtt_s: float = 0.0) -> None:
        self.target_port = target_port
        self.rate_bps = rate_bps
        self.delay_s = rtt_s / 2
        self.counts = Counts()
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="slow-line", daemon=True)
        self._server: asyncio.base_events.Server | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> SlowLine:
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the proxy did not start")
        return self

    def __exit__(self, *_exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()

    async def _shutdown(self) -> None:
        """Close the listening socket and every connection's tasks."""
        if self._server is not None:
            self._server.close()
        current = asyncio.current_task()
        tasks = [task for task in asyncio.all_tasks() if task is not current]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def reset(self) -> Counts:
        """The counts so far; counting starts again from zero."""
        counts, self.counts = self.counts, Counts()
        return counts

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(
            asyncio.start_server(self._connection, "127.0.0.1", 0)
        )
        self.port = self._server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()

    async def _connection(
        self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter
    ) -> None:
        try:
            server_reader, server_writer = await asyncio.open_connection(
                "127.0.0.1", self.target_port
            )
        except OSError:
            client_writer.close()
            return
        try:
            await asyncio.gather(
                self._pipe(client_reader, server_writer, up=True),
                self._pipe(server_reader, client_writer, up=False),
                return_exceptions=True,
            )
        except asyncio.CancelledError:
            # The line is being taken down: end quietly (a cancelled connection task would
            # make asyncio print its traceback).
            client_writer.close()
            server_writer.close()

    async def _pipe(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, *, up: bool
    ) -> None:
        """One direction: chunks queued with the moment they arrive at the other end."""
        queue: asyncio.Queue[tuple[float, bytes] | None] = asyncio.Queue()
        free_at = 0.0  # when the link has sent everything queued so far

        async def deliver() -> None:
            while (item := await queue.get()) is not None:
                arrive, chunk = item
                wait = arrive - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                writer.write(chunk)
                await writer.drain()
            writer.close()

        sender = asyncio.ensure_future(deliver())
        try:
            while chunk := await reader.read(16 * 1024):
                if up:
                    self.counts.up += len(chunk)
                else:
                    self.counts.down += len(chunk)
                now = time.monotonic()
                if self.rate_bps is None:
                    queue.put_nowait((now, chunk))
                    continue
                # Long chunks go out in pieces, each when the link has carried it.
                for start in range(0, len(chunk), 1500):
                    piece = chunk[start : start + 1500]
                    free_at = max(free_at, now) + len(piece) * 8 / self.rate_bps
                    queue.put_nowait((free_at + self.delay_s, piece))
        except (ConnectionError, OSError):
            pass
        finally:
            queue.put_nowait(None)
            if not sender.done():
                try:
                    await sender
                except asyncio.CancelledError:
                    sender.cancel()
                    raise
