"""Real sources and operations built from the config, without any server running."""

from __future__ import annotations

import asyncio
import json
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest

from console.backends.monitor import build_monitor
from console.backends.real_ops import NotConfigured, RealOperations
from console.backends.real_restore import RestoreNotConfigured
from console.backends.real_sources import build_real_sources
from console.config.models import Mode
from console.config.settings import Settings
from console.lab.ports import free_port
from console.plan import load_plan
from services.backups.source import BackupsSource
from services.clock import SystemClock
from services.dns.route53 import Route53Dns
from services.kube.source import KubeClusterSource
from services.models import Site
from services.postgres.source import PostgresSource
from services.redis.source import RedisSource
from services.sources import ReadOnlyRefused, SourceTimeout


def settings(mode: Mode = Mode.INCIDENT, **extra: Any) -> Settings:
    return Settings(mode=mode, sites={
        "primary": {"kube_context": "primary", "postgres_dsn": "host=127.0.0.1 port=1",
                    "redis_url": "redis://127.0.0.1:1/0", "health_url": "http://127.0.0.1:1/h"},
        "dr": {"postgres_dsn": "host=127.0.0.1 port=2"}},
        backups=[{"target": "nas", "kind": "nas", "path": "/nonexistent"},
                 {"target": "s3-region-1", "kind": "s3", "bucket": "b",
                  "endpoint_url": "http://127.0.0.1:1", "region": "us-east-1"}],
        dns={"zone_id": "Z", "record_name": "api.x", "primary_target": "p.x",
             "dr_target": "d.x", "endpoint_url": "http://127.0.0.1:1"}, **extra)


def test_one_source_per_configured_backend_and_none_for_the_rest() -> None:
    plan = load_plan(None)
    sources = build_real_sources(settings(), plan, SystemClock())
    assert [s.name for s in sources] == [
        "cluster/primary", "postgres/primary", "redis/primary", "health/primary",
        "postgres/dr", "backups", "dns"]
    backups = next(s for s in sources if isinstance(s, BackupsSource))
    assert [s.target_id for s in backups.stores] == ["nas", "s3-region-1"]
    assert [c.component_id for c in backups.components] == [b.id for b in plan.backups]
    full = next(c for c in backups.components if c.component_id == "postgres-full")
    assert full.retention is not None and full.retention.days == 30


@pytest.mark.parametrize(("mode", "read_only"), [(Mode.INCIDENT, False),
                                                  (Mode.READ_ONLY, True)])
def test_read_only_reaches_every_adapter_that_writes(mode: Mode, read_only: bool) -> None:
    sources = build_real_sources(settings(mode), load_plan(None), SystemClock())
    writers = [s for s in sources if isinstance(
        s, KubeClusterSource | PostgresSource | RedisSource | Route53Dns)]
    assert len(writers) == 5
    assert {s.read_only for s in writers} == {read_only}
    for source in sources:
        if isinstance(source, KubeClusterSource):
            source.close()


async def test_monitor_exposes_operations_and_closes_kube_on_stop() -> None:
    monitor, drill = build_monitor(settings(Mode.READ_ONLY), load_plan(None))
    assert drill is None and isinstance(monitor.operations, RealOperations)
    assert monitor.operations.read_only is True
    cluster = next(s for s in monitor.sources if isinstance(s, KubeClusterSource))
    await monitor.stop()
    with pytest.raises(RuntimeError, match="closed"):
        await cluster.poll()


async def test_read_only_refuses_before_touching_anything() -> None:
    ops = RealOperations(settings(Mode.READ_ONLY), [])  # no adapters at all: guard first
    for call in (ops.scale(Site.DR, "ns", "d", 1), ops.promote_postgres(Site.DR),
                 ops.dns_failover(), ops.run_script("/bin/true", [], 1), ops.notify("t", "m"),
                 ops.restore("postgres-full", "nas"),
                 ops.restore_postgres(Site.PRIMARY, "postgres-full", "nas")):
        with pytest.raises(ReadOnlyRefused):
            await call


async def test_missing_backend_and_restore_are_typed_errors() -> None:
    ops = RealOperations(settings(), [])
    with pytest.raises(NotConfigured, match="Redis on dr"):
        await ops.promote_redis(Site.DR)
    with pytest.raises(RestoreNotConfigured, match=r"no scratch PostgreSQL server"):
        await ops.restore("postgres-full", "nas")
    with pytest.raises(RestoreNotConfigured, match="no backup store 'tape' in the config"):
        await ops.restore_postgres(Site.PRIMARY, "postgres-full", "tape")


async def test_run_script_output_and_hard_timeout(tmp_path: Path) -> None:
    ops = RealOperations(settings(), [])
    assert await ops.run_script(sys.executable, ["-c", "print('checked')"], 10) == "checked"
    started = asyncio.get_running_loop().time()
    with pytest.raises(SourceTimeout):
        await ops.run_script(sys.executable, ["-c", "import time; time.sleep(30)"], 0.5)
    assert asyncio.get_running_loop().time() - started < 5


@pytest.fixture
def webhook() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    received: list[dict[str, Any]] = []

    class Hook(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

    server = HTTPServer(("127.0.0.1", 0), Hook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook/SECRET-TOKEN", received
    server.shutdown()
    server.server_close()


async def test_notify_posts_and_never_shows_the_secret_url(
        webhook: tuple[str, list[dict[str, Any]]]) -> None:
    url, received = webhook
    dead = f"http://127.0.0.1:{free_port()}/hook/OTHER-SECRET"
    ops = RealOperations(settings(webhooks=[{"name": "ops", "url": url, "kind": "slack"}]), [])
    assert await ops.notify("initial", "primary down") == "notification initial sent to ops"
    assert received == [{"text": "primary down"}]
    broken = RealOperations(settings(webhooks=[{"name": "pager", "url": dead}]), [])
    with pytest.raises(Exception, match="pager") as failure:
        await broken.notify("initial", "x")
    assert "OTHER-SECRET" not in str(failure.value)
