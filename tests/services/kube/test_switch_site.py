"""switch-site on a real client: the application's ConfigMap is patched on the target
cluster and its deployment restarted, through the official client and the API double's
real REST paths; kubectl sees the same ConfigMap; read-only changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from console.backends.real_ops import RealOperations
from console.config.settings import Settings
from console.lab.kube_double import KubeDouble
from services.kube.source import KubeClusterSource
from services.models import Site
from services.sources import ReadOnlyRefused


def _settings(mode: str = "incident") -> Settings:
    return Settings.model_validate({
        "mode": mode,
        "sites": {"primary": {"name": "eu-central", "kube_context": "primary",
                              "app_database": "pg-primary:5432"},
                  "dr": {"name": "eu-west", "kube_context": "dr",
                         "app_database": "pg-dr:5432", "app_redis": "redis-dr:6379"}}})


def _sources(kubeconfig: Path, read_only: bool = False) -> list[KubeClusterSource]:
    return [KubeClusterSource(site, site.value, kubeconfig=str(kubeconfig), timeout_s=3,
                              read_only=read_only) for site in Site]


async def test_switch_site_patches_the_configmap_and_restarts_the_deployment(
        kubeconfig: Path, double: KubeDouble, dr_double: KubeDouble,
        kubectl_json: Callable[..., Any]) -> None:
    sources = _sources(kubeconfig)
    try:
        output = await RealOperations(_settings(), sources).switch_site(Site.DR)
    finally:
        for source in sources:
            source.close()
    assert dr_double.configmap("erlmcp", "erlmcp-config") == {
        "DATABASE_HOST": "pg-dr:5432", "REDIS_HOST": "redis-dr:6379"}
    assert double.configmap("erlmcp", "erlmcp-config")["DATABASE_HOST"] == "postgres:5432"
    assert "DATABASE_HOST postgres:5432 -> pg-dr:5432" in output
    assert "REDIS_HOST redis:6379 -> redis-dr:6379" in output
    assert output.endswith("deployment erlmcp/erlmcp restarted")
    assert dr_double.count("patch", "configmaps") == 1
    assert dr_double.count("patch", "deployments") == 1 and double.writes == 0
    seen = kubectl_json("get", "configmap", "erlmcp-config", "-n", "erlmcp", context="dr")
    assert seen["data"]["DATABASE_HOST"] == "pg-dr:5432"
    dep = kubectl_json("get", "deployment", "erlmcp", "-n", "erlmcp", context="dr")
    assert "kubectl.kubernetes.io/restartedAt" in dep["spec"]["template"]["metadata"][
        "annotations"]


async def test_a_key_without_an_endpoint_is_left_alone(
        kubeconfig: Path, double: KubeDouble) -> None:
    sources = _sources(kubeconfig)
    try:
        await RealOperations(_settings(), sources).switch_site(Site.PRIMARY)
    finally:
        for source in sources:
            source.close()
    assert double.configmap("erlmcp", "erlmcp-config") == {
        "DATABASE_HOST": "pg-primary:5432", "REDIS_HOST": "redis:6379"}


async def test_read_only_switch_site_writes_nothing(
        kubeconfig: Path, double: KubeDouble, dr_double: KubeDouble) -> None:
    sources = _sources(kubeconfig, read_only=True)
    try:
        with pytest.raises(ReadOnlyRefused):
            await RealOperations(_settings("read-only"), sources).switch_site(Site.DR)
        with pytest.raises(ReadOnlyRefused):
            await sources[1].patch_configmap("erlmcp", "erlmcp-config", {"A": "b"})
    finally:
        for source in sources:
            source.close()
    assert dr_double.writes == 0 and double.writes == 0
