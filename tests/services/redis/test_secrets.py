"""A Redis URL that does not parse is a typed error that shows nothing of the URL."""

from __future__ import annotations

import pytest

from services.models import Site
from services.redis.source import RedisSource
from services.sources import BadAnswer, Unreachable


def _source(url: str, primary_url: str | None = None) -> RedisSource:
    return RedisSource(Site.DR, "redis-test", url, timeout_s=0.5, read_only=False,
                       primary_url=primary_url)


@pytest.mark.parametrize("url", [
    "redis://:S3cretPW@127.0.0.1:notaport/0",
    "redis://:S3cretPW@127.0.0.1:99999/0",
    "http://:S3cretPW@127.0.0.1:6379/0",
    "redis://:S3cretPW@[::1/0",
])
async def test_unparsable_url_is_a_bad_answer_that_shows_nothing(url: str) -> None:
    for call in (_source(url).poll, _source(url).dbsize, _source(url).bgsave):
        with pytest.raises(BadAnswer, match=r"invalid Redis URL \(not shown\)") as caught:
            await call()
        assert "S3cret" not in str(caught.value)


def test_error_text_is_scrubbed_of_raw_and_unquoted_passwords() -> None:
    url = "redis://default:p%40ss-W0rd@127.0.0.1:1/0"
    primary = "redis://:prim%2Fary-pw@127.0.0.1:2/0"
    source = _source(url, primary)
    error = source._error(OSError(
        f"failed {url} / p%40ss-W0rd / p@ss-W0rd / prim/ary-pw / prim%2Fary-pw"))
    assert isinstance(error, Unreachable)
    for leak in ("p%40ss", "p@ss", "W0rd", "prim/ary", "prim%2Fary", "ary-pw"):
        assert leak not in str(error), str(error)
