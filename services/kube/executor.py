"""A bounded executor for the Kubernetes client's blocking calls, with a hard timeout.

The official client is synchronous. Each call runs on a worker thread and the event loop
waits at most ``timeout_s`` for it, so a hung API server costs this source a timeout, not
the console its responsiveness. The number of calls in flight is bounded too: when every
worker is stuck on a hung server, a new call fails at once with :class:`SourceTimeout`
instead of queueing behind them (and piling up threads) forever.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import TypeVar

from services.sources import SourceTimeout

T = TypeVar("T")


class BoundedExecutor:
    """Run blocking callables off the event loop, at most ``max_in_flight`` at a time."""

    def __init__(self, executor: Executor | None = None, *, max_in_flight: int = 4,
                 name: str = "kube") -> None:
        self._own = executor is None
        self._executor = executor or ThreadPoolExecutor(max_workers=max_in_flight,
                                                        thread_name_prefix=name)
        self._max = max_in_flight
        self._in_flight = 0
        self._lock = threading.Lock()

    async def run(self, fn: Callable[[], T], *, timeout_s: float, what: str) -> T:
        """``fn()`` on a worker; :class:`SourceTimeout` after ``timeout_s`` or when saturated."""
        with self._lock:
            if self._in_flight >= self._max:
                raise SourceTimeout(f"{what}: {self._in_flight} earlier calls still hung")
            self._in_flight += 1

        def call() -> T:
            try:
                return fn()
            finally:
                with self._lock:
                    self._in_flight -= 1

        loop = asyncio.get_running_loop()
        try:
            future = loop.run_in_executor(self._executor, call)
        except RuntimeError:  # executor already shut down
            with self._lock:
                self._in_flight -= 1
            raise
        try:
            return await asyncio.wait_for(future, timeout_s)
        except TimeoutError:
            raise SourceTimeout(f"{what}: no answer within {timeout_s:g} s") from None

    def shutdown(self) -> None:
        """Stop our own pool without waiting for hung calls (their sockets time out)."""
        if self._own:
            self._executor.shutdown(wait=False, cancel_futures=True)
