"""One client per source: connections reused, the request alone timed, bodies bounded."""

from __future__ import annotations

import time

from console.lab.health_lab import HealthLab
from services.health.source import BODY_TOO_LARGE, HealthSource
from services.identity import version
from services.models import Site
from tests.services.health.servers import KeepAliveEndpoint


async def test_polls_reuse_one_connection_and_say_who_asks(keepalive: KeepAliveEndpoint
                                                           ) -> None:
    source = HealthSource(Site.PRIMARY, keepalive.url(), timeout_s=2)
    snaps = [await source.poll() for _ in range(5)]
    await source.close()
    assert all(s.ok and s.latency_ms is not None for s in snaps)
    seen = keepalive.recorder.requests
    assert len(seen) == 5
    assert len({request.peer for request in seen}) == 1  # one kept-alive connection
    assert {request.user_agent for request in seen} == {f"recovery-console/{version()}"}
    again = await source.poll()  # closed: the next poll simply opens a new client
    assert again.ok and seen[-1].peer != seen[0].peer


async def test_latency_times_the_request_alone(keepalive: KeepAliveEndpoint) -> None:
    source = HealthSource(Site.PRIMARY, keepalive.url(), timeout_s=2)
    await source.poll()  # the first poll opens the connection
    latencies = []
    for _ in range(9):
        started = time.perf_counter()
        snap = await source.poll()
        wall_ms = (time.perf_counter() - started) * 1000
        assert snap.latency_ms is not None and snap.latency_ms <= wall_ms
        latencies.append(snap.latency_ms)
    await source.close()
    latencies.sort()
    print(f"\nloopback health latency ms: median {latencies[4]} min {latencies[0]}")
    assert latencies[4] < 60  # 88-560 ms when each poll built a client (and TLS context)


async def test_a_body_over_64_kib_is_an_error_never_healthy(keepalive: KeepAliveEndpoint
                                                            ) -> None:
    for path in ("/big", "/endless"):
        source = HealthSource(Site.DR, keepalive.url(path), timeout_s=5)
        started = time.monotonic()
        snap = await source.poll()
        await source.close()
        assert (snap.status_code, snap.error, snap.ok) == (200, BODY_TOO_LARGE, False), path
        assert snap.reported_status is None and not snap.timed_out
        assert time.monotonic() - started < 2, path  # cut off, not read to the timeout
    exact = HealthSource(Site.DR, keepalive.url("/exact"), timeout_s=2)
    assert (await exact.poll()).ok
    await exact.close()


async def test_silence_is_timed_out_not_a_status(lab: HealthLab) -> None:
    lab.set_state("dr", "hang")
    source = HealthSource(Site.DR, lab.url("dr"), timeout_s=0.5)
    snap = await source.poll()
    await source.close()
    assert snap.timed_out and snap.error == "timeout after 0.5s"
    assert (snap.status_code, snap.reported_status, snap.latency_ms) == (None, None, None)
    assert not snap.ok
