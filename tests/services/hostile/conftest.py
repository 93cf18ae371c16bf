"""Hostile servers, a Kubernetes double holding hostile objects, and a config naming them."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from console.lab import kube_double_objects as build
from console.lab.kube_double import KubeDouble, write_kubeconfig
from tests.services.hostile.servers import ESCAPES, MARKUP, GarbageTcp, HostileHttp

HOSTILE_POD = "web-\x1b]0;TITLE\x07" + MARKUP


@pytest.fixture(scope="module")
def hostile_http() -> Iterator[HostileHttp]:
    server = HostileHttp()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def garbage() -> Iterator[GarbageTcp]:
    server = GarbageTcp()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def hostile_kube() -> Iterator[KubeDouble]:
    """A cluster whose crash-looping pod and warning event are named by an attacker."""
    cluster = KubeDouble()
    cluster.populate(pods=6, nodes=2, deployments=2, seed=3)
    cluster.state.put("pods", build.pod("erlmcp", "web", HOSTILE_POD, "node-0",
                                        random.Random(1)), record=False)
    cluster.crash_loop_pod("erlmcp", HOSTILE_POD)
    cluster.add_warning_event("erlmcp", "Pod", HOSTILE_POD, "Back\x1b[2JOff" + MARKUP,
                              ESCAPES + "\u202e" + MARKUP + "Z" * 5000)
    yield cluster
    cluster.stop()


@pytest.fixture
def hostile_config(tmp_path: Path, hostile_http: HostileHttp, garbage: GarbageTcp,
                   hostile_kube: KubeDouble) -> Path:
    """Incident mode on the hostile servers: the primary's health answers escapes, the
    DR's markup; PostgreSQL and Redis on both sites reach a port answering garbage."""
    kubeconfig = write_kubeconfig(tmp_path / "kubeconfig",
                                  {"primary": hostile_kube.url, "dr": hostile_kube.url})
    pg = f"host=127.0.0.1 port={garbage.port} connect_timeout=2 sslmode=disable"
    redis = f"redis://127.0.0.1:{garbage.port}/0"
    config = tmp_path / "config.toml"
    config.write_text(f'''mode = "incident"
operator = "h13"
journal_dir = "{tmp_path / 'journal'}"
kubeconfig = "{kubeconfig}"
[refresh]
timeout = "3s"
[sites.primary]
kube_context = "primary"
health_url = "{hostile_http.url('/escapes')}"
postgres_dsn = "{pg}"
redis_url = "{redis}"
[sites.dr]
kube_context = "dr"
health_url = "{hostile_http.url('/markup')}"
postgres_dsn = "{pg}"
redis_url = "{redis}"
''')
    return config
