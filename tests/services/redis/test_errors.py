"""Failures become typed errors, and never show the URL's password."""

from __future__ import annotations

import pytest
import redis

from console.lab.redis_lab import RedisLab
from services.sources import AuthFailed, SourceTimeout, Unreachable
from tests.services.redis.conftest import source


async def test_nothing_listening_is_unreachable(closed_port: int) -> None:
    with pytest.raises(Unreachable) as caught:
        await source(f"redis://:s3cret-pw@127.0.0.1:{closed_port}/0").poll()
    assert "s3cret-pw" not in str(caught.value)


async def test_silent_server_is_a_timeout(silent_port: int) -> None:
    with pytest.raises(SourceTimeout):
        await source(f"redis://127.0.0.1:{silent_port}/0", timeout_s=0.5).poll()


async def test_wrong_password_is_auth_failed(fresh_redis_lab: RedisLab) -> None:
    lab = fresh_redis_lab
    lab.client(lab.replica_port).config_set("requirepass", "the-real-one")
    try:
        await _check_auth(lab)
    finally:  # so that the lab can SHUTDOWN it
        redis.Redis(port=lab.replica_port, password="the-real-one").config_set(
            "requirepass", "")


async def _check_auth(lab: RedisLab) -> None:
    url = f"redis://default:s3cret-pw@127.0.0.1:{lab.replica_port}/0"
    with pytest.raises(AuthFailed) as caught:
        await source(url).poll()
    assert "s3cret-pw" not in str(caught.value)
    with pytest.raises(AuthFailed):
        await source(f"redis://127.0.0.1:{lab.replica_port}/0").poll()
    # The right password works, and is reused to read the primary's offset (lag known).
    good = await source(f"redis://default:the-real-one@127.0.0.1:{lab.replica_port}/0").poll()
    assert good.lag_bytes is not None and good.error is None
