"""A backups pool full of hung scans does not stop a DNS poll or failover."""

from __future__ import annotations

import asyncio
import contextlib
import threading

from console.lab.moto_lab import DR_TARGET, MotoLab
from services.executor import MAX_WORKERS, run_blocking
from services.sources import SourceTimeout
from tests.services.dns.conftest import read_record
from tests.services.dns.test_route53 import dns


async def test_failover_completes_while_the_blocking_pool_is_saturated(lab: MotoLab) -> None:
    release = threading.Event()
    hung = [asyncio.ensure_future(run_blocking(release.wait, 30.0, timeout_s=0.2))
            for _ in range(MAX_WORKERS)]
    try:
        await asyncio.sleep(0.05)  # every thread of the shared pool is now stuck
        adapter = dns(lab, timeout_s=2)
        assert (await adapter.poll()).error is None
        assert await adapter.failover()
        assert read_record(lab)[0] == DR_TARGET
    finally:
        release.set()
        for future in hung:
            with contextlib.suppress(SourceTimeout):
                await future
