"""HealthSource against the lab endpoint: each way an endpoint fails is reported as such."""

from __future__ import annotations

import time

from console.lab.health_lab import HealthLab
from console.lab.ports import free_port
from services.health.source import HealthSource
from services.models import Site


async def test_ok_for_both_sites(lab: HealthLab) -> None:
    for site in Site:
        source = HealthSource(site, lab.url(site.value), timeout_s=2)
        snapshot = await source.poll()
        assert source.name == f"health/{site.value}"
        assert (snapshot.status_code, snapshot.reported_status, snapshot.error) == (
            200, "ok", None)
        assert snapshot.ok and snapshot.latency_ms is not None and snapshot.latency_ms >= 0


async def test_500_is_reported_with_its_status(lab: HealthLab) -> None:
    lab.set_state("primary", "degraded")
    snapshot = await HealthSource(Site.PRIMARY, lab.url("primary"), timeout_s=2).poll()
    assert (snapshot.status_code, snapshot.error, snapshot.reported_status) == (
        500, "HTTP 500", "degraded")
    assert not snapshot.ok


async def test_malformed_body_is_a_bad_answer(lab: HealthLab) -> None:
    lab.set_state("dr", "garbage")
    snapshot = await HealthSource(Site.DR, lab.url("dr"), timeout_s=2).poll()
    assert (snapshot.status_code, snapshot.error) == (200, "bad answer: body is not JSON")
    assert snapshot.reported_status is None and not snapshot.ok


async def test_down_site_is_connection_refused(lab: HealthLab) -> None:
    lab.set_state("primary", "down")
    snapshot = await HealthSource(Site.PRIMARY, lab.url("primary"), timeout_s=2).poll()
    assert (snapshot.status_code, snapshot.error) == (None, "connection refused")
    lab.set_state("primary", "ok")  # and it comes back on the same URL
    assert (await HealthSource(Site.PRIMARY, lab.url("primary"), timeout_s=2).poll()).ok


async def test_nothing_ever_listening_is_connection_refused() -> None:
    url = f"http://127.0.0.1:{free_port()}/v3/health"
    snapshot = await HealthSource(Site.DR, url, timeout_s=2).poll()
    assert (snapshot.status_code, snapshot.error) == (None, "connection refused")


async def test_hung_server_times_out_on_time(lab: HealthLab) -> None:
    lab.set_state("dr", "hang")
    source = HealthSource(Site.DR, lab.url("dr"), timeout_s=1.0)
    started = time.monotonic()
    snapshot = await source.poll()
    elapsed = time.monotonic() - started
    assert elapsed < 1.0 + 1.0
    assert elapsed >= 0.9  # it really waited: the server accepted and stayed silent
    assert (snapshot.status_code, snapshot.error) == (None, "timeout after 1s")
