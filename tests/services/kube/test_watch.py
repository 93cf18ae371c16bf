"""After the first list, changes arrive through watches; 410 Gone costs exactly one re-list."""

from __future__ import annotations

import threading

import pytest

from console.lab.kube_double import KubeDouble
from services.kube.source import KubeClusterSource

from .helpers import poll_until


async def test_node_not_ready_arrives_by_watch_without_a_relist(
        source: KubeClusterSource, double: KubeDouble) -> None:
    first = await source.poll()
    assert (first.nodes_ready, first.nodes_total) == (4, 4)
    double.set_node_ready("node-0002", False)
    snap = await poll_until(source, lambda s: s.nodes_ready == 3)
    assert (snap.nodes_ready, snap.nodes_total) == (3, 4)
    assert double.count("list", "nodes") == 1
    assert double.count("list", "pods") == 1


async def test_crash_loop_and_warning_event_arrive_by_watch(
        source: KubeClusterSource, double: KubeDouble) -> None:
    await source.poll()
    victim = sorted(k for k in double.pod_names() if k.startswith("erlmcp/erlmcp-"))[0]
    namespace, name = victim.split("/")
    double.crash_loop_pod(namespace, name)
    double.add_warning_event("erlmcp", "Pod", name, "BackOff",
                             "Back-off restarting failed container")
    snap = await poll_until(source, lambda s: bool(s.problem_pods and s.warnings))
    (pod,) = snap.problem_pods
    assert (f"{pod.namespace}/{pod.name}", pod.reason, pod.restarts, pod.ready) == (
        victim, "CrashLoopBackOff", 5, False)
    assert snap.warnings[0].reason == "BackOff"
    assert snap.warnings[0].involved_object == f"Pod/{pod.name}"
    assert double.count("list", "events") == 1


async def test_deleted_pod_leaves_the_state(source: KubeClusterSource,
                                            double: KubeDouble) -> None:
    await source.poll()
    victim = sorted(double.pod_names())[0]
    double.delete_pod(*victim.split("/"))
    snap = await poll_until(source, lambda s: s.pods_by_phase.get("Running") == 39)
    assert victim not in source.pod_keys()
    assert snap.pods_by_phase == {"Running": 39}


@pytest.mark.parametrize("as_http", [False, True], ids=["error-event", "http-410"])
async def test_410_gone_causes_exactly_one_relist(
        source: KubeClusterSource, double: KubeDouble, as_http: bool) -> None:
    double.watch_gone_as_http = as_http
    await source.poll()
    double.compact("nodes")  # ends the open watches; reconnecting from the old rv gets 410
    await poll_until(source, lambda s: double.count("list", "nodes") == 2)
    double.set_node_ready("node-0000", False)
    snap = await poll_until(source, lambda s: s.nodes_ready == 3)
    assert snap.nodes_ready == 3
    for _ in range(5):
        await source.poll()
    assert double.count("list", "nodes") == 2
    assert double.count("list", "pods") == 1


async def test_close_stops_every_watch_thread(source: KubeClusterSource) -> None:
    await source.poll()
    assert any(t.name.startswith("kube-watch-") for t in threading.enumerate())
    source.close()
    assert not any(t.name.startswith("kube-watch-") and t.is_alive()
                   for t in threading.enumerate())
