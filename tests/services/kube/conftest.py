"""Fixtures: Kubernetes API doubles for two sites, a kubeconfig naming both, and kubectl."""

from __future__ import annotations

import json
import subprocess
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from console.lab.kube_double import KubeDouble, write_kubeconfig
from services.kube.source import KubeClusterSource
from services.models import Site

KUBECTL = "/usr/bin/kubectl"


@pytest.fixture
def double() -> Iterator[KubeDouble]:
    """The primary site's cluster: 40 pods, 4 nodes, 6 deployments (erlmcp, postgres, redis...)."""
    cluster = KubeDouble()
    cluster.populate(pods=40, nodes=4, deployments=6, seed=1)
    yield cluster
    cluster.stop()


@pytest.fixture
def dr_double() -> Iterator[KubeDouble]:
    cluster = KubeDouble()
    cluster.populate(pods=12, nodes=2, deployments=4, seed=2)
    yield cluster
    cluster.stop()


@pytest.fixture
def kubeconfig(tmp_path: Path, double: KubeDouble, dr_double: KubeDouble) -> Path:
    return write_kubeconfig(tmp_path / "kubeconfig",
                            {"primary": double.url, "dr": dr_double.url})


@pytest.fixture
async def source(kubeconfig: Path) -> AsyncIterator[KubeClusterSource]:
    src = KubeClusterSource(Site.PRIMARY, "primary", kubeconfig=str(kubeconfig), timeout_s=3)
    yield src
    src.close()


@pytest.fixture
def kubectl(kubeconfig: Path, tmp_path: Path) -> Callable[..., str]:
    """Run kubectl against the doubles (own discovery cache); returns stdout, fails loudly."""

    def run(*args: str, context: str = "primary") -> str:
        done = subprocess.run(
            [KUBECTL, "--kubeconfig", str(kubeconfig), "--context", context,
             "--cache-dir", str(tmp_path / "kube-cache"), "--request-timeout", "10s", *args],
            capture_output=True, text=True, timeout=30, check=False)
        assert done.returncode == 0, done.stderr
        return done.stdout

    return run


@pytest.fixture
def kubectl_json(kubectl: Callable[..., str]) -> Callable[..., Any]:
    def run(*args: str, context: str = "primary") -> Any:
        return json.loads(kubectl(*args, "-o", "json", context=context))

    return run
