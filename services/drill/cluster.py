"""Kubernetes as the console would read it on each site: nodes, deployments, pods, events.

The shape follows what ``kubectl`` shows in an incident: counts for the healthy majority,
rows only for the pods and events an operator has to look at.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from services.drill.calc import token
from services.drill.world import DEPLOYMENTS, NAMESPACE, World
from services.models import ClusterSnapshot, DeploymentRow, EventRow, PodRow, Site

NODES_PER_SITE = 3
CONTEXTS = {Site.PRIMARY: "production", Site.DR: "disaster-recovery"}
"""kubectl contexts, as the plan's procedures name them."""

_BACKOFF_S = (10, 20, 40, 80, 160)
_BACKOFF_CAP_S = 300
CORRUPTION_MESSAGE = (
    "PANIC: invalid page in block 48213 of relation base/16384/16402; "
    "database system is shut down")


def node_name(site: Site, index: int) -> str:
    return f"{site.value}-node-{index + 1}"


def pod_name(world: World, site: Site, deployment: str, index: int) -> str:
    """``erlmcp-5c8d7f9b6d-xk2p4``: ReplicaSet hash per deployment, suffix per pod."""
    replica_set = token(world.seed, site, deployment, length=10)
    return f"{deployment}-{replica_set}-{token(world.seed, site, deployment, index)}"


def crash_times(since: datetime, now: datetime) -> list[datetime]:
    """Restarts of a crash-looping container: Kubernetes' doubling back-off, capped at 5m."""
    times: list[datetime] = []
    moment, step = since, 0
    while moment <= now:
        times.append(moment)
        delay = _BACKOFF_S[step] if step < len(_BACKOFF_S) else _BACKOFF_CAP_S
        moment += timedelta(seconds=delay)
        step += 1
    return times


def _deployment_pods(world: World, site: Site, name: str, down: bool) -> list[PodRow]:
    ready, desired = world.deployment(site, name)
    crashes = crash_times(world.corrupt_since(site) or world.now, world.now)
    corrupt = name == "postgres" and world.corrupt_since(site) is not None
    pods: list[PodRow] = []
    for index in range(max(desired, ready)):
        pod = pod_name(world, site, name, index)
        node = node_name(site, index % NODES_PER_SITE)
        if down:
            row = PodRow(namespace=NAMESPACE, name=pod, phase="Unknown", ready=False,
                         restarts=0, reason="NodeLost", node=node)
        elif corrupt:
            row = PodRow(namespace=NAMESPACE, name=pod, phase="Running", ready=False,
                         restarts=len(crashes), reason="CrashLoopBackOff", node=node)
        elif index < ready:
            row = PodRow(namespace=NAMESPACE, name=pod, phase="Running", ready=True,
                         restarts=0, node=node)
        else:
            row = PodRow(namespace=NAMESPACE, name=pod, phase="Pending", ready=False,
                         restarts=0, reason="ContainerCreating", node=node)
        pods.append(row)
    return pods


def _warnings(world: World, site: Site, down_since: datetime | None) -> list[EventRow]:
    events: list[EventRow] = []
    if down_since is not None:
        events += [EventRow(namespace="default", involved_object=f"node/{node_name(site, i)}",
                            reason="NodeNotReady",
                            message=f"Node {node_name(site, i)} status is now: NodeNotReady",
                            count=1, last_seen=down_since) for i in range(NODES_PER_SITE)]
    corrupt_since = world.corrupt_since(site)
    if corrupt_since is not None:
        crashes = crash_times(corrupt_since, world.now)
        pod = f"pod/{pod_name(world, site, 'postgres', 0)}"
        events.append(EventRow(namespace=NAMESPACE, involved_object=pod,
                               reason="DataCorruption", message=CORRUPTION_MESSAGE,
                               count=len(crashes), last_seen=crashes[-1]))
        events.append(EventRow(namespace=NAMESPACE, involved_object=pod, reason="BackOff",
                               message="Back-off restarting failed container postgres",
                               count=len(crashes), last_seen=crashes[-1]))
    return events


def cluster_snapshot(world: World, site: Site) -> ClusterSnapshot:
    """The site's cluster as it truly is (the source decides whether it can be read)."""
    down_since = world.site_down_since(site)
    rows: list[DeploymentRow] = []
    pods: list[PodRow] = []
    for name in DEPLOYMENTS[site]:
        ready, desired = world.deployment(site, name)
        rows.append(DeploymentRow(namespace=NAMESPACE, name=name, ready_replicas=ready,
                                  desired_replicas=desired))
        pods += _deployment_pods(world, site, name, down_since is not None)
    phases: dict[str, int] = {}
    for pod in pods:
        phases[pod.phase] = phases.get(pod.phase, 0) + 1
    return ClusterSnapshot(
        observed_at=world.now, site=site, context=CONTEXTS[site],
        nodes_ready=0 if down_since is not None else NODES_PER_SITE,
        nodes_total=NODES_PER_SITE, deployments=tuple(rows), pods_by_phase=phases,
        problem_pods=tuple(p for p in pods if not p.ready),
        warnings=tuple(_warnings(world, site, down_since)),
    )
