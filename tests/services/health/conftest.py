"""The lab's health endpoints for both sites, one per session, reset to ``ok`` per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from console.lab.health_lab import HealthLab
from console.lab.ports import port_open
from tests.services.health.servers import KeepAliveEndpoint


@pytest.fixture(scope="session")
def health_lab() -> Iterator[HealthLab]:
    lab = HealthLab().start()
    yield lab
    lab.stop()
    for endpoint in lab.sites.values():
        assert not port_open(endpoint.port), f"port {endpoint.port} still listening"


@pytest.fixture
def lab(health_lab: HealthLab) -> Iterator[HealthLab]:
    yield health_lab
    for site in health_lab.sites:
        health_lab.set_state(site, "ok")


@pytest.fixture
def keepalive() -> Iterator[KeepAliveEndpoint]:
    endpoint = KeepAliveEndpoint()
    yield endpoint
    endpoint.stop()
