"""How each fact of one site stands: cluster, health, DNS, PostgreSQL and Redis.

A part verdict is one line of a site card and one input of the site's verdict. Its
``status`` is None for a neutral fact (a role, "DNS points elsewhere"), which a screen
draws plainly: only the judge may call something healthy or broken.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from console.judge.model import Status
from services.models import (
    ClusterSnapshot,
    DnsSnapshot,
    HealthSnapshot,
    PostgresRole,
    PostgresSnapshot,
    RedisRole,
    RedisSnapshot,
    Site,
)


class Part(BaseModel):
    """One fact of a site: its words and how it stands (None: neutral)."""

    model_config = ConfigDict(frozen=True)

    text: str
    status: Status | None


def cluster_part(snap: ClusterSnapshot) -> Part:
    apps = [d for d in snap.deployments if d.desired_replicas > 0]
    ready_apps = sum(1 for d in apps if d.ready_replicas >= d.desired_replicas)
    unready = sum(1 for pod in snap.problem_pods if not pod.ready)
    text = f"{snap.nodes_ready}/{snap.nodes_total} nodes · {ready_apps}/{len(apps)} deploys ready"
    if unready:
        text += f" · {unready} pods not ready"
    if snap.nodes_ready == 0 or (apps and ready_apps == 0):
        status = Status.BREACHED
    elif snap.nodes_ready < snap.nodes_total or ready_apps < len(apps) or unready:
        status = Status.AT_RISK
    else:
        status = Status.MET
    if snap.error is not None:
        text += f" (partial: {snap.error})"
        status = Status.AT_RISK if status is Status.MET else status
    return Part(text=text, status=status)


def health_says(snap: HealthSnapshot) -> str:
    """``HTTP 503 standby`` or the error: what the endpoint answered, in a few words."""
    if snap.status_code is None:
        return f"no answer: {snap.error or 'unknown'}"
    said = f"HTTP {snap.status_code} {snap.reported_status or ''}".strip()
    extra = snap.error if snap.error and snap.error != f"HTTP {snap.status_code}" else None
    return f"{said} ({extra})" if extra else said


REFUSED = "connection refused"
"""The one health failure without an HTTP answer that is a fact: the host is there and
nothing listens. A timeout or an unreachable network says nothing about the site."""


def health_fact(snap: HealthSnapshot) -> bool | None:
    """Is the endpoint healthy: True, False, or None when it could not be told."""
    if snap.status_code is None:
        return False if snap.error == REFUSED else None
    return snap.ok


def health_part(snap: HealthSnapshot) -> Part:
    if snap.status_code is None:
        fact = health_fact(snap)
        return Part(text=health_says(snap),
                    status=Status.UNKNOWN if fact is None else Status.BREACHED)
    latency = "" if snap.latency_ms is None else f" · {_latency(snap.latency_ms)}"
    return Part(text=health_says(snap) + latency,
                status=Status.MET if snap.ok else Status.BREACHED)


def dns_part(snap: DnsSnapshot, site: Site) -> Part:
    if snap.points_at is site:
        return Part(text="-> here", status=Status.MET)
    if snap.points_at is None:
        return Part(text=f"points at neither site ({snap.current_target})",
                    status=Status.BREACHED)
    return Part(text=f"-> {snap.points_at}", status=None)


def postgres_failing(snap: PostgresSnapshot) -> bool:
    """A primary whose poll came back with an error (corrupt pages, a crash loop between
    restarts): it answers, but nobody can count on its writes. The downtime tracker counts
    the same reading as failing; the split-brain gate still warns that it may take some."""
    return snap.role is PostgresRole.PRIMARY and not snap.in_recovery and \
        snap.error is not None


def postgres_writable(snap: PostgresSnapshot) -> bool:
    """A primary out of recovery that reported no error: what "serves" needs."""
    return snap.role is PostgresRole.PRIMARY and not snap.in_recovery and snap.error is None


def postgres_part(snap: PostgresSnapshot, peer_writable: bool) -> Part:
    if postgres_failing(snap):
        return Part(text=f"FAILING · primary · tl {snap.timeline} · {snap.error}",
                    status=Status.BREACHED)
    if postgres_writable(snap) and peer_writable:
        return Part(text=f"WRITABLE · tl {snap.timeline} · both sites writable!",
                    status=Status.BREACHED)
    if postgres_writable(snap):
        return Part(text=f"WRITABLE · primary · tl {snap.timeline}", status=None)
    return Part(text=f"read-only · {snap.role.value} · tl {snap.timeline}", status=None)


def redis_part(snap: RedisSnapshot, peer_writable: bool) -> Part:
    if snap.role is RedisRole.MASTER:
        if peer_writable:
            return Part(text="WRITABLE · master · both sites writable!", status=Status.BREACHED)
        return Part(text=f"WRITABLE · master · {snap.connected_replicas} replicas", status=None)
    link = {True: "link up", False: "link down", None: "link ?"}[snap.link_up]
    return Part(text=f"read-only · replica · {link}", status=None)


def _latency(ms: float) -> str:
    return f"{ms:.0f}ms" if ms < 1000 else f"{ms / 1000:.1f}s"
