"""Injected faults: a hung source hangs in real time, a failing one raises BadAnswer."""

from __future__ import annotations

import asyncio
import time

import pytest

from services.models import HealthSnapshot
from services.sources import BadAnswer
from tests.services.drill.conftest import MakeEnv, poll


async def test_hang_outlasts_a_poller_timeout(make_env: MakeEnv) -> None:
    env = make_env()
    env.hang("health/primary", 0.5)
    started = time.monotonic()
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(poll(env, "health/primary"), timeout=0.1)
    assert time.monotonic() - started < 0.4
    answered = await poll(env, "health/primary")  # without a timeout it answers, late
    assert isinstance(answered, HealthSnapshot)
    assert time.monotonic() - started >= 0.5
    fast = time.monotonic()
    await poll(env, "health/dr")  # other sources are unaffected
    assert time.monotonic() - fast < 0.1


async def test_fail_raises_bad_answer_until_cleared(make_env: MakeEnv) -> None:
    env = make_env()
    env.fail("postgres/dr", "garbled reply")
    with pytest.raises(BadAnswer, match="garbled reply"):
        await poll(env, "postgres/dr")
    env.clear_faults("postgres/dr")
    assert (await poll(env, "postgres/dr")).error is None


def test_faults_need_a_known_source(make_env: MakeEnv) -> None:
    env = make_env()
    with pytest.raises(ValueError, match="unknown drill source"):
        env.hang("postgres/tertiary", 1)
    with pytest.raises(ValueError, match="unknown drill source"):
        env.fail("nope", "x")
