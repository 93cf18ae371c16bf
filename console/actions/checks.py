"""Evaluate a runbook step's check against live readings.

The answer is three-valued on purpose: ``ok=None`` means "cannot tell" (the source is
stale, pending or missing) and is shown as UNKNOWN. A check never passes on stale data,
because a step ticked green on a minute-old reading is how a failover goes wrong.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict

from console.actions.readings_view import Readings, fresh, why_stale
from console.judge.model import format_span
from console.plan.checks import (
    BackupAgeUnder,
    Check,
    DeploymentReady,
    Engine,
    HealthOk,
    ReplicationLagUnder,
)
from services.models import (
    BackupSnapshot,
    ClusterSnapshot,
    HealthSnapshot,
    PostgresRole,
    PostgresSnapshot,
    RedisRole,
    RedisSnapshot,
    Site,
)


class CheckResult(BaseModel):
    """True: holds; False: fails; None: unknown (no fresh data). ``detail`` says why."""

    model_config = ConfigDict(frozen=True)

    ok: bool | None
    detail: str


def _unknown(readings: Readings, name: str, now: datetime) -> CheckResult:
    return CheckResult(ok=None, detail=f"unknown: {why_stale(readings, name, now)}")


def evaluate_check(check: Check, readings: Readings, now: datetime,
                   down_since: Mapping[str, datetime] | None = None) -> CheckResult:
    """Evaluate ``check``; ``down_since`` (source -> first failing time) dates outages."""
    if isinstance(check, HealthOk):
        return _health(check.site, readings, now, down_since or {})
    if isinstance(check, ReplicationLagUnder):
        return _lag(check, readings, now)
    if isinstance(check, DeploymentReady):
        return _deployment(check, readings, now)
    return _backup_age(check, readings, now)


def _health(site: Site, readings: Readings, now: datetime,
            down_since: Mapping[str, datetime]) -> CheckResult:
    name = f"health/{site}"
    snap = fresh(readings, name, HealthSnapshot)
    if snap is None:
        return _unknown(readings, name, now)
    if snap.ok:
        latency = "" if snap.latency_ms is None else f", {snap.latency_ms:g}ms"
        return CheckResult(ok=True, detail=f"{site} health ok ({snap.status_code}{latency})")
    since = down_since.get(name)
    duration = "" if since is None else f" for {format_span(max(timedelta(0), now - since))}"
    why = snap.error or f"HTTP {snap.status_code} {snap.reported_status or ''}".strip()
    return CheckResult(ok=False, detail=f"{site} health failing{duration}: {why}")


def _lag(check: ReplicationLagUnder, readings: Readings, now: datetime) -> CheckResult:
    """The standby's lag, wherever the standby is; unknown if either site is not fresh."""
    engine = check.engine
    names = [f"{engine}/{site}" for site in Site]
    kind = PostgresSnapshot if engine is Engine.POSTGRES else RedisSnapshot
    snaps = [fresh(readings, n, kind) for n in names]
    standbys = [s for s in snaps if isinstance(s, PostgresSnapshot | RedisSnapshot)
                and s.role in (PostgresRole.STANDBY, RedisRole.REPLICA)]
    if not standbys:
        missing = next((n for n, s in zip(names, snaps, strict=True) if s is None), None)
        if missing is not None:
            return _unknown(readings, missing, now)
        return CheckResult(ok=False, detail=f"no {engine} standby: replication is not running")
    standby = standbys[0]
    limit = format_span(check.max_lag)
    if isinstance(standby, PostgresSnapshot):
        if standby.wal_receiver_connected is False:
            return CheckResult(ok=False, detail=f"postgres/{standby.site} WAL receiver "
                               "disconnected: lag is growing")
        if standby.lag_s is None:
            return CheckResult(ok=None, detail=f"unknown: postgres/{standby.site} "
                               "reports no replay lag")
        ok = standby.lag_s <= check.max_lag.total_seconds()
        relation = "<=" if ok else ">"
        return CheckResult(ok=ok, detail=f"postgres/{standby.site} replay lag "
                           f"{format_span(standby.lag_s)} {relation} {limit}")
    assert isinstance(standby, RedisSnapshot)
    # Redis measures lag in bytes only: with the link up, the replica follows within
    # moments; with it down, the lag in time is unbounded, whatever the byte count says.
    if standby.link_up is False:
        return CheckResult(ok=False, detail=f"redis/{standby.site} replication link down")
    if standby.link_up is None:
        return CheckResult(ok=None, detail=f"unknown: redis/{standby.site} link state unknown")
    return CheckResult(ok=True, detail=f"redis/{standby.site} link up, "
                       f"{standby.lag_bytes or 0} bytes behind (max {limit})")


def _deployment(check: DeploymentReady, readings: Readings, now: datetime) -> CheckResult:
    name = f"cluster/{check.site}"
    snap = fresh(readings, name, ClusterSnapshot)
    if snap is None:
        return _unknown(readings, name, now)
    label = f"{check.namespace}/{check.deployment} on {check.site}"
    row = next((d for d in snap.deployments
                if d.namespace == check.namespace and d.name == check.deployment), None)
    if row is None:
        return CheckResult(ok=False, detail=f"no deployment {label}")
    ok = row.ready_replicas >= check.min_ready
    return CheckResult(ok=ok, detail=f"{label}: {row.ready_replicas}/{row.desired_replicas} "
                       f"ready (need {check.min_ready})")


def _backup_age(check: BackupAgeUnder, readings: Readings, now: datetime) -> CheckResult:
    snap = fresh(readings, "backups", BackupSnapshot)
    if snap is None:
        return _unknown(readings, "backups", now)
    entries = [e for e in snap.entries if e.component == check.component]
    dated = [e for e in entries if e.latest_at is not None]
    if not dated:
        if any(e.error for e in entries):
            errors = "; ".join(f"{e.target}: {e.error}" for e in entries if e.error)
            return CheckResult(ok=None, detail=f"unknown: no store answered for "
                               f"{check.component} ({errors})")
        return CheckResult(ok=False, detail=f"no backup of {check.component} found")
    newest = max(dated, key=lambda e: e.latest_at or now)
    age = max(timedelta(0), now - (newest.latest_at or now))
    ok = age <= check.max_age
    relation = "<=" if ok else ">"
    return CheckResult(ok=ok, detail=f"newest {check.component} backup in {newest.target} "
                       f"{format_span(age)} old {relation} {format_span(check.max_age)}")
