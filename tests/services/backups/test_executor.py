"""The shared executor: a hung call times out on time and does not starve the others."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from services.executor import MAX_WORKERS, run_blocking, shared_executor
from services.sources import SourceTimeout


async def test_hung_call_times_out_while_another_call_completes() -> None:
    release = threading.Event()
    try:
        started = time.monotonic()
        hung = asyncio.ensure_future(run_blocking(release.wait, 30.0, timeout_s=0.5))
        quick = await run_blocking(sum, [1, 2, 3], timeout_s=0.5)
        assert quick == 6
        with pytest.raises(SourceTimeout, match=r"timeout after 0\.5s"):
            await hung
        assert time.monotonic() - started < 1.5
    finally:
        release.set()


async def test_pool_is_bounded() -> None:
    lock, active, peak = threading.Lock(), [0], [0]

    def work() -> None:
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        time.sleep(0.05)
        with lock:
            active[0] -= 1

    await asyncio.gather(*(run_blocking(work, timeout_s=5) for _ in range(3 * MAX_WORKERS)))
    assert peak[0] <= MAX_WORKERS
    assert shared_executor()._max_workers == MAX_WORKERS
