"""Each adapter against hostile answers from real loopback servers: every text of the
snapshot (or of the poll's error) is terminal-safe, bounded, and nothing hostile is OK."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import urllib3
from pydantic import BaseModel

from console.lab.kube_double import KubeDouble, write_kubeconfig
from console.live.poller import describe_error
from console.live.readings import Reading
from services.health.source import BODY_TOO_LARGE, HealthSource
from services.kube.api import iter_bounded_lines, read_body
from services.kube.source import KubeClusterSource
from services.models import ClusterSnapshot, Site
from services.postgres.source import PostgresSource
from services.redis.source import RedisSource
from services.sources import SourceError
from tests.services.hostile.conftest import HOSTILE_POD
from tests.services.hostile.servers import BODIES, GarbageTcp, HostileHttp
from tests.services.hostile.test_status_corpus import assert_terminal_safe


def _texts(value: Any) -> list[str]:
    """Every string in a (nested) model dump, keys included."""
    if isinstance(value, BaseModel):
        return _texts(value.model_dump())
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for k, v in value.items() for t in (*_texts(k), *_texts(v))]
    if isinstance(value, list | tuple):
        return [t for v in value for t in _texts(v)]
    return []


def _assert_safe(model: BaseModel, limit: int = 512) -> None:
    for text in _texts(model):
        assert_terminal_safe(text)
        assert len(text) <= limit


@pytest.mark.parametrize("path", sorted(BODIES))
async def test_health_answers_are_sanitised_and_never_ok(hostile_http: HostileHttp,
                                                         path: str) -> None:
    source = HealthSource(Site.PRIMARY, hostile_http.url(path), timeout_s=5)
    snap = await source.poll()
    await source.close()
    _assert_safe(snap)
    assert snap.status_code == 200 and not snap.ok
    assert snap.reported_status is not None
    if path != "/markup":  # markup is printable: kept as sent (see the next test)
        assert snap.reported_status != BODIES[path]


async def test_markup_is_kept_as_text(hostile_http: HostileHttp) -> None:
    source = HealthSource(Site.PRIMARY, hostile_http.url("/markup"), timeout_s=5)
    snap = await source.poll()
    await source.close()
    assert snap.reported_status == BODIES["/markup"]  # printable: unchanged, never parsed


async def test_endless_body_is_an_error_not_healthy(hostile_http: HostileHttp) -> None:
    source = HealthSource(Site.PRIMARY, hostile_http.url("/endless"), timeout_s=10)
    snap = await source.poll()
    await source.close()
    assert snap.error == BODY_TOO_LARGE and not snap.ok


async def test_health_on_a_garbage_port(garbage: GarbageTcp) -> None:
    source = HealthSource(Site.PRIMARY, f"http://127.0.0.1:{garbage.port}/h", timeout_s=5)
    snap = await source.poll()
    await source.close()
    _assert_safe(snap)
    assert snap.error is not None and not snap.ok


async def _failed_reading(source: Any) -> Reading[Any]:
    try:
        await source.poll()
    except SourceError as exc:
        return Reading(source=source.name, error=describe_error(exc))
    finally:
        close = getattr(source, "close", None)
        if close is not None:
            await close()
    raise AssertionError("a garbage answer was taken for data")


async def test_postgres_on_a_garbage_port(garbage: GarbageTcp) -> None:
    dsn = f"host=127.0.0.1 port={garbage.port} connect_timeout=2 sslmode=disable"
    reading = await _failed_reading(PostgresSource(Site.PRIMARY, "pg", dsn, timeout_s=3,
                                                      read_only=True))
    _assert_safe(reading)


async def test_redis_on_a_garbage_port(garbage: GarbageTcp) -> None:
    url = f"redis://127.0.0.1:{garbage.port}/0"
    reading = await _failed_reading(RedisSource(Site.PRIMARY, "redis", url, timeout_s=3,
                                                   read_only=True))
    _assert_safe(reading)
    assert reading.error is not None and "\\x1b" in reading.error  # shown, not obeyed


async def test_kube_names_and_events_are_sanitised(tmp_path: Path,
                                                   hostile_kube: KubeDouble) -> None:
    kubeconfig = write_kubeconfig(tmp_path / "kubeconfig", {"primary": hostile_kube.url})
    source = KubeClusterSource(Site.PRIMARY, "primary", kubeconfig=str(kubeconfig),
                               timeout_s=5)
    try:
        snap = await source.poll()
    finally:
        source.close()
    assert isinstance(snap, ClusterSnapshot)
    _assert_safe(snap)
    names = [p.name for p in snap.problem_pods]
    assert "web-[bold red]x[/] [@click=app.quit]quit[/]" in names, names
    assert HOSTILE_POD not in names
    (event,) = [e for e in snap.warnings if e.message.startswith("PWNEDok")]
    assert len(event.message) == 512 and event.message.endswith("…")
    assert "\\u202e[bold red]x[/]" in event.message


def test_kube_page_and_watch_line_reads_stop_at_their_limits(hostile_http: HostileHttp) -> None:
    """The client's raw responses (urllib3, as ``_preload_content=False`` returns them) on
    an endless body: a page stops past its byte limit, a watch line past its own."""
    pool = urllib3.PoolManager()
    page = pool.request("GET", hostile_http.url("/endless"), preload_content=False)
    with pytest.raises(ValueError, match="body over 1 MiB"):
        read_body(page, limit=1024 * 1024)
    watch = pool.request("GET", hostile_http.url("/endless"), preload_content=False)
    with pytest.raises(ValueError, match="watch event over 1 MiB"):
        for _line in iter_bounded_lines(watch, limit=1024 * 1024):
            pass
    watch.close()
