"""The poller against tiny fake sources, on real asyncio with short intervals."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from console.live.poller import Poller, describe_error
from console.live.readings import Freshness, Reading
from services.clock import FrozenClock
from services.models import Snapshot
from services.sources import AuthFailed, BadAnswer, Unreachable

T0 = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)


class FakeSource:
    """Counts polls and concurrency; ``behaviour`` decides what one poll does."""

    def __init__(self, name: str, clock: FrozenClock, delay_s: float = 0.0) -> None:
        self._name = name
        self.clock = clock
        self.delay_s = delay_s
        self.polls = 0
        self.active = 0
        self.max_active = 0
        self.hang = False
        self.fail: Exception | None = None
        self.partial_error: str | None = None

    @property
    def name(self) -> str:
        return self._name

    async def poll(self) -> Snapshot:
        self.polls += 1
        self.active += 1
        self.max_active = max(self.max_active, self.active)
        try:
            if self.hang:
                await asyncio.Event().wait()
            await asyncio.sleep(self.delay_s)
            if self.fail is not None:
                raise self.fail
            return Snapshot(observed_at=self.clock.now(), error=self.partial_error)
        finally:
            self.active -= 1


async def wait_until(predicate: Callable[[], bool], timeout_s: float = 2.0) -> None:
    async with asyncio.timeout(timeout_s):
        while not predicate():
            await asyncio.sleep(0.005)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(T0)


def make(sources: list[FakeSource], clock: FrozenClock, interval: float = 0.01,
         timeout_s: float = 0.05, sink: list[Reading[Snapshot]] | None = None) -> Poller:
    out = sink if sink is not None else []
    return Poller(sources, lambda _name: interval, timeout_s, clock, out.append)


async def test_never_two_polls_of_one_source_at_once(clock: FrozenClock) -> None:
    slow = FakeSource("postgres/primary", clock, delay_s=0.02)
    poller = make([slow], clock, interval=0.001, timeout_s=1.0)
    await poller.start()
    try:
        for _ in range(20):  # refreshes and poll_once while a poll is in flight
            poller.refresh("postgres/primary")
            await poller.poll_once()
        await wait_until(lambda: slow.polls >= 25)
    finally:
        await poller.stop()
    assert slow.max_active == 1


async def test_hung_source_times_out_and_keeps_last_good_snapshot(clock: FrozenClock) -> None:
    source = FakeSource("postgres/dr", clock)
    poller = make([source], clock, timeout_s=0.03)
    good = (await poller.poll_once())["postgres/dr"]
    assert good.freshness is Freshness.FRESH and good.snapshot is not None
    source.hang = True
    clock.advance(timedelta(seconds=70))
    reading = (await poller.poll_once())["postgres/dr"]
    assert reading.error == "timeout after 0.03s"
    assert reading.freshness is Freshness.STALE
    assert reading.snapshot == good.snapshot
    assert reading.checked_at == clock.now()
    assert reading.age_s(clock.now()) == 70.0
    assert source.active == 0  # the hung poll was cancelled, not left running


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (Unreachable("connection refused"), "unreachable: connection refused"),
        (AuthFailed("bad password"), "auth failed: bad password"),
        (BadAnswer("no rows"), "bad answer: no rows"),
        (RuntimeError("boom"), "RuntimeError: boom"),
        (Unreachable(), "unreachable"),
        # An adapter that already names the kind is not prefixed a second time.
        (Unreachable("unreachable: Could not connect"), "unreachable: Could not connect"),
    ],
)
async def test_raising_source_is_stale_with_readable_error(
    clock: FrozenClock, exc: Exception, expected: str
) -> None:
    source = FakeSource("redis/dr", clock)
    poller = make([source], clock)
    good = (await poller.poll_once())["redis/dr"]
    source.fail = exc
    reading = (await poller.poll_once())["redis/dr"]
    assert reading.error == expected == describe_error(exc)
    assert reading.freshness is Freshness.STALE
    assert reading.snapshot == good.snapshot
    assert poller.latest["redis/dr"] == reading


async def test_partial_snapshot_error_is_a_good_reading(clock: FrozenClock) -> None:
    source = FakeSource("backups", clock)
    source.partial_error = "azure-region-2: 403"
    reading = (await make([source], clock).poll_once())["backups"]
    assert reading.freshness is Freshness.FRESH
    assert reading.snapshot is not None and reading.snapshot.error == "azure-region-2: 403"


async def test_other_sources_keep_polling_while_one_hangs(clock: FrozenClock) -> None:
    hung = FakeSource("cluster/dr", clock)
    hung.hang = True
    ok = FakeSource("cluster/primary", clock)
    poller = make([hung, ok], clock, interval=0.01, timeout_s=1.0)
    await poller.start()
    try:
        await wait_until(lambda: ok.polls >= 2)
        before = ok.polls
        await wait_until(lambda: ok.polls >= before + 5)
    finally:
        await poller.stop()
    assert hung.polls == 1  # still in its first poll: its timeout has not struck yet
    assert poller.latest["cluster/primary"].freshness is Freshness.FRESH
    assert poller.latest["cluster/dr"].freshness is Freshness.PENDING


async def test_poll_once_returns_every_source(clock: FrozenClock) -> None:
    names = ["cluster/primary", "postgres/dr", "backups", "dns"]
    sources = [FakeSource(n, clock) for n in names]
    sources[1].fail = Unreachable("down")
    sink: list[Reading[Snapshot]] = []
    readings = await make(sources, clock, sink=sink).poll_once()
    assert sorted(readings) == sorted(names)
    assert readings["postgres/dr"].error == "unreachable: down"
    assert all(readings[n].freshness is Freshness.FRESH for n in names if n != "postgres/dr")
    assert sorted(r.source for r in sink) == sorted(names)


async def test_latest_starts_pending_and_is_read_only(clock: FrozenClock) -> None:
    poller = make([FakeSource("dns", clock)], clock)
    assert poller.latest["dns"].freshness is Freshness.PENDING
    with pytest.raises(TypeError):
        poller.latest["dns"] = Reading(source="dns")  # type: ignore[index]


async def test_stop_leaves_no_pending_tasks(clock: FrozenClock) -> None:
    hung = FakeSource("health/dr", clock)
    hung.hang = True
    ok = FakeSource("health/primary", clock)
    poller = make([hung, ok], clock, timeout_s=5.0)
    before = asyncio.all_tasks()
    await poller.start()
    await wait_until(lambda: ok.polls >= 2 and hung.active == 1)
    await poller.stop()
    assert asyncio.all_tasks() - before == set()
    assert hung.active == 0 and not poller.running


async def test_callback_errors_do_not_stop_polling(clock: FrozenClock) -> None:
    source = FakeSource("dns", clock)
    calls: list[str] = []

    def explode(reading: Reading[Snapshot]) -> None:
        calls.append(reading.source)
        raise ValueError("pane bug")

    poller = Poller([source], {"dns": 0.005}, 0.5, clock, explode)
    await poller.start()
    try:
        await wait_until(lambda: len(calls) >= 3)
    finally:
        await poller.stop()
    assert source.polls >= 3


async def test_refresh_polls_before_the_interval(clock: FrozenClock) -> None:
    source = FakeSource("backups", clock)
    poller = make([source], clock, interval=60.0)
    await poller.start()
    try:
        await wait_until(lambda: source.polls == 1 and source.active == 0)
        await asyncio.sleep(0.01)
        poller.refresh("backups")
        await wait_until(lambda: source.polls == 2)
    finally:
        await poller.stop()
    with pytest.raises(KeyError):
        poller.refresh("nope")


def test_rejects_missing_interval_and_duplicate_names(clock: FrozenClock) -> None:
    with pytest.raises(ValueError, match="no poll interval configured for source 'dns'"):
        Poller([FakeSource("dns", clock)], {}, 1.0, clock, lambda _r: None)
    with pytest.raises(ValueError, match="two sources"):
        make([FakeSource("dns", clock), FakeSource("dns", clock)], clock)
