"""Polling until a watch has delivered: watches are asynchronous, tests must not sleep blindly."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from services.kube.source import KubeClusterSource
from services.models import ClusterSnapshot


async def poll_until(source: KubeClusterSource, done: Callable[[ClusterSnapshot], bool],
                     timeout_s: float = 15.0) -> ClusterSnapshot:
    deadline = time.monotonic() + timeout_s
    while True:
        snap = await source.poll()
        if done(snap) or time.monotonic() > deadline:
            return snap
        await asyncio.sleep(0.02)
