"""The adapter and kubectl see the same cluster through the same kubeconfig."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from console.lab.kube_double import KubeDouble
from services.kube.source import KubeClusterSource

from .helpers import poll_until


def _deployment(row_name: str, snap: Any) -> Any:
    return next(d for d in snap.deployments if d.name == row_name and d.namespace == "erlmcp")


async def test_adapter_and_kubectl_json_list_the_same_pods(
        source: KubeClusterSource, double: KubeDouble,
        kubectl_json: Callable[..., Any]) -> None:
    snap = await source.poll()
    listed = kubectl_json("get", "pods", "-A")
    names = {f"{p['metadata']['namespace']}/{p['metadata']['name']}" for p in listed["items"]}
    assert names == source.pod_keys() == double.pod_names()
    assert snap.pods_by_phase == {"Running": 40}


async def test_kubectl_table_output_lists_every_pod(
        double: KubeDouble, kubectl: Callable[..., str]) -> None:
    out = kubectl("get", "pods", "-A").splitlines()
    assert out[0].split()[:3] == ["NAMESPACE", "NAME", "READY"]
    rows = {f"{line.split()[0]}/{line.split()[1]}" for line in out[1:]}
    assert rows == double.pod_names()


async def test_adapter_scale_is_seen_by_kubectl_and_the_adapter(
        source: KubeClusterSource, double: KubeDouble,
        kubectl_json: Callable[..., Any]) -> None:
    await source.poll()
    await source.scale("erlmcp", "erlmcp", 6)
    assert kubectl_json("get", "deployment", "erlmcp", "-n", "erlmcp")["spec"]["replicas"] == 6
    snap = await poll_until(source, lambda s: _deployment("erlmcp", s).desired_replicas == 6)
    assert _deployment("erlmcp", snap).desired_replicas == 6
    assert double.count("patch", "deployments/scale") == 1
    assert double.count("list", "deployments") == 1  # seen through the watch


async def test_kubectl_scale_works_against_the_double(
        source: KubeClusterSource, kubectl: Callable[..., str],
        kubectl_json: Callable[..., Any]) -> None:
    await source.poll()
    assert "scaled" in kubectl("scale", "deployment", "erlmcp", "--replicas=5", "-n", "erlmcp")
    assert kubectl_json("get", "deployment", "erlmcp", "-n", "erlmcp")["spec"]["replicas"] == 5
    snap = await poll_until(source, lambda s: _deployment("erlmcp", s).desired_replicas == 5)
    assert _deployment("erlmcp", snap).ready_replicas == 5


async def test_rollout_restart_stamps_the_pod_template(
        source: KubeClusterSource, kubectl_json: Callable[..., Any]) -> None:
    await source.rollout_restart("erlmcp", "postgres")
    dep = kubectl_json("get", "deployment", "postgres", "-n", "erlmcp")
    annotations = dep["spec"]["template"]["metadata"]["annotations"]
    assert annotations["kubectl.kubernetes.io/restartedAt"].endswith("Z")
