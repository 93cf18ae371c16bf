"""Evaluate a runbook step's check against live readings.

The answer is three-valued on purpose: ``ok=None`` means "cannot tell" (the source is
stale, pending or missing) and is shown as UNKNOWN. A check never passes on stale data,
because a step ticked green on a minute-old reading is how a failover goes wrong.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict

from console.judge.freshness import Readings, usable, why_unusable
from console.judge.model import Status
from console.judge.replication import postgres_link, redis_link
from console.judge.sites import SiteState, dns_site, judge_site, serving_site
from console.judge.units import format_span
from console.plan.checks import (
    BackupAgeUnder,
    Check,
    DeploymentReady,
    Engine,
    HealthOk,
    ReplicationLagUnder,
    ServiceServing,
)
from services.models import (
    BackupSnapshot,
    ClusterSnapshot,
    HealthSnapshot,
    Site,
)


class CheckResult(BaseModel):
    """True: holds; False: fails; None: unknown (no fresh data). ``detail`` says why."""

    model_config = ConfigDict(frozen=True)

    ok: bool | None
    detail: str


def _unknown(readings: Readings, name: str, now: datetime) -> CheckResult:
    return CheckResult(ok=None, detail=f"unknown: {why_unusable(readings, name, now)}")


def evaluate_check(check: Check, readings: Readings, now: datetime,
                   down_since: Mapping[str, datetime] | None = None) -> CheckResult:
    """Evaluate ``check``; ``down_since`` (source -> first failing time) dates outages."""
    if isinstance(check, HealthOk):
        return _health(check.site, readings, now, down_since or {})
    if isinstance(check, ReplicationLagUnder):
        return _lag(check, readings, now)
    if isinstance(check, DeploymentReady):
        return _deployment(check, readings, now)
    if isinstance(check, ServiceServing):
        return _serving(readings, now)
    return _backup_age(check, readings, now)


def _health(site: Site, readings: Readings, now: datetime,
            down_since: Mapping[str, datetime]) -> CheckResult:
    """The judge's health fact for ``site``: the same words as its site card."""
    name = f"health/{site}"
    verdict = judge_site(readings, site, now)
    said = verdict.parts["health"].text
    if verdict.health_ok is None:
        return _unknown(readings, name, now) if usable(readings, name, HealthSnapshot) is None \
            else CheckResult(ok=None, detail=f"unknown: {site} health {said}")
    if verdict.health_ok:
        return CheckResult(ok=True, detail=f"{site} health ok ({said})")
    since = down_since.get(name)
    duration = "" if since is None else f" for {format_span(max(timedelta(0), now - since))}"
    return CheckResult(ok=False, detail=f"{site} health failing{duration}: {said}")


def _serving(readings: Readings, now: datetime) -> CheckResult:
    """The judge's site verdict: some site serves, else the one DNS points at says why."""
    site = serving_site(readings, now)
    if site is not None:
        return CheckResult(ok=True, detail=f"serving from {site}: "
                           f"{judge_site(readings, site, now).reason}")
    verdict = judge_site(readings, dns_site(readings), now)
    known = verdict.state is not SiteState.UNKNOWN
    return CheckResult(ok=False if known else None,
                       detail=("" if known else "unknown: ") + verdict.reason)


def _lag(check: ReplicationLagUnder, readings: Readings, now: datetime) -> CheckResult:
    """What a failover would lose now (the judge's link verdict) against ``max_lag``."""
    limit = format_span(check.max_lag)
    if check.engine is Engine.POSTGRES:
        link = postgres_link(readings, now, None)
        if link.standby is None or link.exposure_bytes is None:
            return CheckResult(ok=None if link.status is Status.UNKNOWN else False,
                               detail=("unknown: " if link.status is Status.UNKNOWN else "")
                               + link.reason)
        if link.link_up is False:
            return CheckResult(ok=False, detail=f"postgres/{link.standby} WAL receiver "
                               f"disconnected: {link.reason}")
        lost = link.exposure_s or 0.0
        ok = link.exposure_bytes == 0 or lost <= check.max_lag.total_seconds()
        return CheckResult(ok=ok, detail=f"postgres/{link.standby}: {_words(link.reason)} "
                           f"({'<=' if ok else '>'} {limit})")
    link = redis_link(readings, now, None)
    if link.standby is None:
        return CheckResult(ok=None if link.status is Status.UNKNOWN else False,
                           detail=("unknown: " if link.status is Status.UNKNOWN else "")
                           + link.reason)
    # Redis measures lag in bytes only: with the link up, the replica follows within
    # moments; with it down, the lag in time is unbounded, whatever the byte count says.
    if link.link_up is False:
        return CheckResult(ok=False,
                           detail=f"redis/{link.standby} replication {_words(link.reason)}")
    if link.link_up is None:
        return CheckResult(ok=None, detail=f"unknown: redis/{link.standby} {link.reason}")
    return CheckResult(ok=True, detail=f"redis/{link.standby} {_words(link.reason)} "
                       f"(max {limit})")


def _words(reason: str) -> str:
    """A link's reason without its RPO clause, which a check with its own limit omits."""
    return reason.split("; no RPO")[0].split(" (no RPO")[0]


def _deployment(check: DeploymentReady, readings: Readings, now: datetime) -> CheckResult:
    name = f"cluster/{check.site}"
    snap = usable(readings, name, ClusterSnapshot)
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
    snap = usable(readings, "backups", BackupSnapshot)
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
