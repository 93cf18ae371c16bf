"""Route53 against moto: failover and rollback move the record; read-only moves nothing."""

from __future__ import annotations

import socket
import time

import pytest

from console.lab.moto_lab import DR_TARGET, PRIMARY_TARGET, RECORD_NAME, MotoLab
from console.lab.ports import free_port
from services.dns.route53 import Route53Dns
from services.models import Site
from services.sources import ReadOnlyRefused, SourceTimeout, Unreachable
from tests.services.dns.conftest import read_record


def dns(lab: MotoLab, *, read_only: bool = False, url: str | None = None,
        timeout_s: float = 5) -> Route53Dns:
    return Route53Dns(lab.zone_id, RECORD_NAME, "CNAME", PRIMARY_TARGET, DR_TARGET, 30,
                      "us-east-1", url or lab.endpoint_url, "testing", "testing",
                      timeout_s=timeout_s, read_only=read_only)


async def test_poll_reads_target_ttl_and_site(lab: MotoLab) -> None:
    adapter = dns(lab)
    snapshot = await adapter.poll()
    assert adapter.name == "dns"
    assert (snapshot.record, snapshot.current_target, snapshot.ttl_s) == (
        RECORD_NAME, PRIMARY_TARGET, 60)
    assert snapshot.points_at is Site.PRIMARY and snapshot.error is None


async def test_failover_then_rollback(lab: MotoLab) -> None:
    adapter = dns(lab)
    change_id = await adapter.failover()
    assert change_id
    assert read_record(lab) == (DR_TARGET, 30)
    assert (await adapter.poll()).points_at is Site.DR
    await adapter.rollback()
    assert read_record(lab) == (PRIMARY_TARGET, 30)
    assert (await adapter.poll()).points_at is Site.PRIMARY


async def test_read_only_refuses_and_leaves_the_record(lab: MotoLab) -> None:
    adapter = dns(lab, read_only=True)
    with pytest.raises(ReadOnlyRefused, match="failover refused"):
        await adapter.failover()
    with pytest.raises(ReadOnlyRefused, match="rollback refused"):
        await adapter.rollback()
    assert read_record(lab) == (PRIMARY_TARGET, 60)
    assert (await adapter.poll()).points_at is Site.PRIMARY  # reading is still allowed


async def test_unreachable_and_hung_endpoints_raise_typed_errors(lab: MotoLab) -> None:
    with pytest.raises(Unreachable):
        await dns(lab, url=f"http://127.0.0.1:{free_port()}").poll()
    with socket.create_server(("127.0.0.1", 0)) as silent:  # kernel accepts; no one answers
        started = time.monotonic()
        with pytest.raises(SourceTimeout, match="timeout after 1s"):
            await dns(lab, url=f"http://127.0.0.1:{silent.getsockname()[1]}",
                      timeout_s=1).poll()
        assert time.monotonic() - started < 2.0
