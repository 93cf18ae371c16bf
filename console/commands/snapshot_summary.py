"""One line of facts per snapshot, for the ``status`` table and the event log.

Units in the text, and the worrying part first, because the line may be all an operator
reads in a terminal over a slow link.
"""

from __future__ import annotations

from functools import singledispatch

from services.models import (
    BackupSnapshot,
    ClusterSnapshot,
    DnsSnapshot,
    HealthSnapshot,
    PostgresSnapshot,
    RedisSnapshot,
    Snapshot,
)


@singledispatch
def summarize(snapshot: Snapshot) -> str:
    return snapshot.error or "ok"


@summarize.register
def _(snapshot: ClusterSnapshot) -> str:
    # Counted as the site card counts them (console.judge.parts.cluster_part): deployments
    # that want replicas, and pods not ready; one scaled to 0 is said apart, not "ready".
    apps = [d for d in snapshot.deployments if d.desired_replicas > 0]
    ready = sum(d.ready_replicas >= d.desired_replicas for d in apps)
    idle = len(snapshot.deployments) - len(apps)
    unready = sum(not pod.ready for pod in snapshot.problem_pods)
    return (f"{snapshot.nodes_ready}/{snapshot.nodes_total} nodes ready, {ready}/{len(apps)} "
            f"deploys ready" + (f" ({idle} scaled to 0)" if idle else "")
            + f", {unready} pods not ready, {len(snapshot.warnings)} warnings")


@summarize.register
def _(snapshot: PostgresSnapshot) -> str:
    text = f"{snapshot.role.value} tl {snapshot.timeline}"
    if snapshot.role.value == "standby":
        receiver = {True: "up", False: "DOWN", None: "?"}[snapshot.wal_receiver_connected]
        text += (f", received {snapshot.receive_lsn or '?'}, receiver {receiver}, replay "
                 f"backlog {_bytes(snapshot.replay_backlog_bytes)}")
    else:
        text += f", at {snapshot.current_lsn or '?'}, {len(snapshot.replication)} standbys " \
                "streaming"
    return _with_error(text, snapshot)


@summarize.register
def _(snapshot: RedisSnapshot) -> str:
    text = snapshot.role.value
    if snapshot.role.value == "replica":
        link = {True: "up", False: "DOWN", None: "?"}[snapshot.link_up]
        text += f", link {link}, offset {snapshot.replica_offset}"
    else:
        text += f", offset {snapshot.master_repl_offset}, {snapshot.connected_replicas} replicas"
    return _with_error(text, snapshot)


@summarize.register
def _(snapshot: BackupSnapshot) -> str:
    failing = sum(e.error is not None for e in snapshot.entries)
    missing = sum(e.latest_at is None for e in snapshot.entries)
    return _with_error(f"{len(snapshot.entries)} component/store pairs, {missing} missing, "
                       f"{failing} failing", snapshot)


@summarize.register
def _(snapshot: HealthSnapshot) -> str:
    if snapshot.status_code is None:
        return f"no answer: {snapshot.error or 'unknown'}"
    latency = "" if snapshot.latency_ms is None else f" in {snapshot.latency_ms:.0f}ms"
    return _with_error(f"HTTP {snapshot.status_code}{latency} {snapshot.reported_status or ''}"
                       .rstrip(), snapshot)


@summarize.register
def _(snapshot: DnsSnapshot) -> str:
    where = snapshot.points_at.value if snapshot.points_at else "neither site"
    return _with_error(f"{snapshot.record} -> {snapshot.current_target} ({where}), "
                       f"TTL {snapshot.ttl_s}s", snapshot)


def _with_error(text: str, snapshot: Snapshot) -> str:
    return f"{text}; ERROR {snapshot.error}" if snapshot.error else text


def _bytes(value: int | None) -> str:
    return "-" if value is None else f"{value} B"
