"""Decoded Kubernetes objects to compact rows, and compact rows to a :class:`ClusterSnapshot`.

Objects arrive as the msgspec Structs of :mod:`services.kube.schema` (never the client's
typed models: 1.9 s against 0.1 s for 10k pods, see DESIGN; nor ``json.loads`` dicts,
~1.7 s for the same list) and are reduced at once to the few facts the console shows, so a
watched 10,000-pod cluster costs a small tuple per pod rather than the pod's JSON.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple, Protocol

from services.kube.schema import Condition, Deployment, Event, Meta, Node, ObjectRef, Pod
from services.models import DeploymentRow, EventRow, PodRow

MAX_PROBLEM_PODS = 200
MAX_WARNINGS = 50
CRASH_RESTARTS = 3


class PodFacts(NamedTuple):
    phase: str
    ready: bool
    restarts: int
    reason: str
    node: str


class HasMeta(Protocol):
    @property
    def metadata(self) -> Meta: ...


def key(obj: HasMeta) -> str:
    meta = obj.metadata
    return f"{meta.namespace or ''}/{meta.name}"


def _ready(conditions: Iterable[Condition] | None) -> bool:
    return any(c.type == "Ready" and c.status == "True" for c in conditions or ())


def node_ready(obj: Node) -> bool:
    return _ready(obj.status.conditions if obj.status else None)


def deployment_row(obj: Deployment) -> DeploymentRow:
    meta, status, spec = obj.metadata, obj.status, obj.spec
    desired = spec.replicas if spec is not None and spec.replicas is not None else 1
    return DeploymentRow(namespace=meta.namespace or "", name=meta.name,
                         ready_replicas=(status.ready_replicas or 0) if status else 0,
                         desired_replicas=desired)


def pod_facts(obj: Pod) -> PodFacts:
    status = obj.status
    containers = (status.container_statuses if status else None) or ()
    reason = ""
    for container in containers:
        waiting = container.state.waiting if container.state else None
        if waiting is not None and waiting.reason:
            reason = waiting.reason
            break
    if not reason and obj.metadata.deletion_timestamp:
        reason = "Terminating"
    return PodFacts(phase=(status.phase if status else None) or "Unknown",
                    ready=_ready(status.conditions if status else None),
                    restarts=sum(c.restart_count or 0 for c in containers),
                    reason=reason or (status.reason if status else None) or "",
                    node=(obj.spec.node_name if obj.spec else None) or "")


def _time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def event_row(obj: Event) -> EventRow:
    involved = obj.involved_object if obj.involved_object is not None else obj.regarding
    involved = involved if involved is not None else ObjectRef()
    meta, series = obj.metadata, obj.series
    last = (obj.last_timestamp or obj.event_time or (series.last_observed_time if series else None)
            or meta.creation_timestamp)
    return EventRow(namespace=meta.namespace or "",
                    involved_object=f"{involved.kind or ''}/{involved.name or ''}",
                    reason=obj.reason or "", message=obj.message or "",
                    count=obj.count or (series.count if series else None) or 1,
                    last_seen=_time(last))


def is_problem(facts: PodFacts) -> bool:
    """Not ready (unless it finished), restarting, or crash-looping: worth an operator's look."""
    return ((not facts.ready and facts.phase != "Succeeded") or facts.restarts >= CRASH_RESTARTS
            or facts.reason == "CrashLoopBackOff")


def pods_summary(pods: dict[str, PodFacts]) -> tuple[dict[str, int], tuple[PodRow, ...]]:
    """Counts by phase, and the problem pods (worst first: most restarts), capped."""
    phases: dict[str, int] = {}
    problems: list[tuple[str, PodFacts]] = []
    for pod_key, facts in pods.items():
        phases[facts.phase] = phases.get(facts.phase, 0) + 1
        if is_problem(facts):
            problems.append((pod_key, facts))
    problems.sort(key=lambda kf: (-kf[1].restarts, kf[0]))
    rows = tuple(
        PodRow(namespace=k.partition("/")[0], name=k.partition("/")[2], phase=f.phase,
               ready=f.ready, restarts=f.restarts, reason=f.reason, node=f.node)
        for k, f in problems[:MAX_PROBLEM_PODS])
    return phases, rows


def recent_warnings(events: Iterable[EventRow]) -> tuple[EventRow, ...]:
    """Newest first; events without a time sort last."""
    ordered = sorted(events, key=lambda e: e.last_seen.timestamp() if e.last_seen else 0.0,
                     reverse=True)
    return tuple(ordered[:MAX_WARNINGS])
