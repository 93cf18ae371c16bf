"""One kubeconfig, two contexts: the primary and the DR cluster polled side by side."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from console.lab.kube_double import KubeDouble
from services.kube.source import KubeClusterSource
from services.models import Site


async def test_primary_and_dr_from_one_kubeconfig(kubeconfig: Path, double: KubeDouble,
                                                  dr_double: KubeDouble) -> None:
    primary = KubeClusterSource(Site.PRIMARY, "primary", kubeconfig=str(kubeconfig))
    dr = KubeClusterSource(Site.DR, "dr", kubeconfig=str(kubeconfig))
    try:
        p, d = await asyncio.gather(primary.poll(), dr.poll())
    finally:
        primary.close()
        dr.close()
    assert (primary.name, dr.name) == ("cluster/primary", "cluster/dr")
    assert (p.site, p.context, p.nodes_total, p.pods_by_phase) == (
        Site.PRIMARY, "primary", 4, {"Running": 40})
    assert (d.site, d.context, d.nodes_total, d.pods_by_phase) == (
        Site.DR, "dr", 2, {"Running": 12})
    assert [r.name for r in d.deployments if r.namespace == "erlmcp"] == [
        "erlmcp", "postgres", "redis"]


async def test_kubeconfig_environment_variable_is_honoured(
        kubeconfig: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KUBECONFIG", str(kubeconfig))
    src = KubeClusterSource(Site.DR, "dr")
    try:
        assert (await src.poll()).nodes_total == 2
    finally:
        src.close()
