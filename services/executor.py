"""Bounded thread pools for every blocking SDK call (boto3, azure-storage-blob, disk).

Blocking SDKs would freeze the event loop, and an unbounded pool would let a flapping
backend spawn threads without end. So every blocking call goes through
:func:`run_blocking`: at most ``MAX_WORKERS`` threads per pool, and an ``asyncio`` deadline per
call, so a hung call gives its caller a :class:`SourceTimeout` on time while the other
calls keep running on the remaining threads. The hung thread itself is only released
when the SDK's own socket timeout fires, which is why adapters also set one.
"""

from __future__ import annotations

import asyncio
import functools
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Literal, TypeVar, TypeVarTuple

from services.sources import SourceTimeout

MAX_WORKERS = 8
Pool = Literal["blocking", "dns"]
POOLS: dict[Pool, int] = {"blocking": MAX_WORKERS, "dns": 2}
"""Named pools and their sizes. Route53 has its own ("dns"): a failover must not wait
behind backup scans stuck on a dead NAS, which may hold every thread of the shared pool."""
T = TypeVar("T")
Ts = TypeVarTuple("Ts")

_lock = threading.Lock()
_executors: dict[Pool, ThreadPoolExecutor] = {}


def executor(pool: Pool = "blocking") -> ThreadPoolExecutor:
    """The process-wide pool named ``pool``, created on first use (importing must not
    start threads)."""
    with _lock:
        if pool not in _executors:
            _executors[pool] = ThreadPoolExecutor(max_workers=POOLS[pool],
                                                  thread_name_prefix=f"rc-{pool}")
        return _executors[pool]


def shared_executor() -> ThreadPoolExecutor:
    """The shared pool of backup scans and other blocking SDK calls."""
    return executor("blocking")


def timeout_message(timeout_s: float) -> str:
    """The one wording of a timeout, shared by every adapter so the panes read alike."""
    return f"timeout after {timeout_s:g}s"


async def run_blocking(fn: Callable[[*Ts], T], *args: *Ts, timeout_s: float,
                       pool: Pool = "blocking") -> T:
    """Run ``fn(*args)`` on pool ``pool``; raise :class:`SourceTimeout` after ``timeout_s``.

    The deadline includes time spent queued for a thread: a saturated pool is as bad as a
    hung backend from the operator's point of view, and must not hold a poll forever.
    """
    loop = asyncio.get_running_loop()
    future = loop.run_in_executor(executor(pool), functools.partial(fn, *args))
    try:
        return await asyncio.wait_for(future, timeout_s)
    except TimeoutError:
        raise SourceTimeout(timeout_message(timeout_s)) from None
