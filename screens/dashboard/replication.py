"""PostgreSQL and Redis replication, each judged against its RPO.

"How much data do we lose if we fail over now" is the standby's lag; a standby we cannot
read is UNKNOWN, never OK.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import reactive

from console.live.readings import Reading
from console.plan.durations import format_duration
from screens.style import (
    REDIS_AT_RISK_BYTES,
    Level,
    format_age,
    format_bytes,
    rpo_level,
    stale_note,
)
from screens.widgets.state_line import StateLine
from services.models import PostgresRole, PostgresSnapshot, RedisRole, RedisSnapshot, Site

_SEVERITY = [Level.OK, Level.INFO, Level.AT_RISK, Level.UNKNOWN, Level.BREACHED]


def _worse(a: Level, b: Level) -> Level:
    return max(a, b, key=_SEVERITY.index)


@dataclass(frozen=True)
class ReplicationData:
    """The postgres/* and redis/* readings, the time, and the two RPO targets."""

    now: datetime
    database_rpo: timedelta | None
    sessions_rpo: timedelta | None
    readings: Mapping[str, Reading[Any]] = field(default_factory=dict)

    def fresh(self, source: str) -> Any:
        reading = self.readings.get(source)
        return reading.snapshot if reading is not None and reading.error is None else None

    def first_note(self, kind: str) -> str | None:
        for site in Site:
            note = stale_note(self.readings.get(f"{kind}/{site.value}"), self.now)
            if note is not None:
                return f"{site.value} {note}"
        return None


def _rpo_text(rpo: timedelta | None) -> str:
    return "no RPO in plan" if rpo is None else f"RPO {format_duration(rpo)}"


def postgres_site_line(data: ReplicationData, site: Site) -> tuple[str, Level]:
    note = stale_note(data.readings.get(f"postgres/{site.value}"), data.now)
    snap = data.fresh(f"postgres/{site.value}")
    if note is not None or not isinstance(snap, PostgresSnapshot):
        return f"{site.value:<8}UNKNOWN {note or ''}".rstrip(), Level.UNKNOWN
    text = f"{site.value:<8}{snap.role.value} · tl {snap.timeline}"
    if snap.role is PostgresRole.PRIMARY:
        text += f" · {len(snap.replication)} streaming"
    else:
        receiver = {True: "receiver up", False: "receiver DOWN", None: "receiver ?"}
        text += f" · {receiver[snap.wal_receiver_connected]}"
    return text, Level.INFO


def postgres_verdict(data: ReplicationData) -> tuple[str, Level]:
    snaps = {site: data.fresh(f"postgres/{site.value}") for site in Site}
    standby = next((s for s in (snaps[Site.DR], snaps[Site.PRIMARY])
                    if isinstance(s, PostgresSnapshot) and s.role is PostgresRole.STANDBY), None)
    if standby is None:
        note = data.first_note("postgres")
        if note is not None:
            return f"UNKNOWN  {note}", Level.UNKNOWN
        return "AT RISK  no standby: nothing replicates", Level.AT_RISK
    if data.database_rpo is None:
        return "UNKNOWN  no database RPO in the plan", Level.UNKNOWN
    primary = snaps[Site.PRIMARY if standby.site is Site.DR else Site.DR]
    lag_bytes = standby.lag_bytes
    if lag_bytes is None and isinstance(primary, PostgresSnapshot) and primary.replication:
        lag_bytes = max(row.lag_bytes for row in primary.replication)
    level = rpo_level(standby.lag_s, data.database_rpo)
    lag_s = "?" if standby.lag_s is None else format_age(standby.lag_s)
    extra = ""
    if standby.wal_receiver_connected is False:
        level, extra = _worse(level, Level.AT_RISK), " · receiver down"
    if isinstance(primary, PostgresSnapshot) and primary.timeline != standby.timeline:
        level, extra = _worse(level, Level.AT_RISK), extra + " · timeline mismatch"
    return (f"{level.value}  lag {format_bytes(lag_bytes)} · {lag_s}"
            f" vs {_rpo_text(data.database_rpo)}{extra}"), level


def redis_site_line(data: ReplicationData, site: Site) -> tuple[str, Level]:
    note = stale_note(data.readings.get(f"redis/{site.value}"), data.now)
    snap = data.fresh(f"redis/{site.value}")
    if note is not None or not isinstance(snap, RedisSnapshot):
        return f"{site.value:<8}UNKNOWN {note or ''}".rstrip(), Level.UNKNOWN
    if snap.role is RedisRole.MASTER:
        return f"{site.value:<8}master · {snap.connected_replicas} replicas", Level.INFO
    link = {True: "link up", False: "link DOWN", None: "link ?"}[snap.link_up]
    return f"{site.value:<8}replica · {link}", Level.INFO


def redis_verdict(data: ReplicationData) -> tuple[str, Level]:
    """Redis reports lag in bytes only, so the sessions RPO is context, not a threshold."""
    snaps = [data.fresh(f"redis/{site.value}") for site in (Site.DR, Site.PRIMARY)]
    replica = next((s for s in snaps
                    if isinstance(s, RedisSnapshot) and s.role is RedisRole.REPLICA), None)
    if replica is None:
        note = data.first_note("redis")
        if note is not None:
            return f"UNKNOWN  {note}", Level.UNKNOWN
        return "AT RISK  no replica: nothing replicates", Level.AT_RISK
    rpo = _rpo_text(data.sessions_rpo)
    if replica.link_up is False:
        return f"AT RISK  link down · loss since then counts against {rpo}", Level.AT_RISK
    if replica.lag_bytes is None:
        return f"UNKNOWN  lag not reported ({rpo})", Level.UNKNOWN
    level = Level.AT_RISK if replica.lag_bytes >= REDIS_AT_RISK_BYTES else Level.OK
    return f"{level.value}  lag {format_bytes(replica.lag_bytes)} ({rpo})", level


class ReplicationPane(Vertical):
    """Two sections, one line per site and one verdict line each."""

    can_focus = True
    data: reactive[ReplicationData | None] = reactive(None, init=False)

    def __init__(self) -> None:
        super().__init__(id="replication")
        self.border_title = "Replication"

    def compose(self) -> ComposeResult:
        for kind in ("postgres", "redis"):
            yield StateLine("PostgreSQL" if kind == "postgres" else "Redis", Level.INFO,
                            id=f"{kind}-title", classes="section-title")
            for site in Site:
                yield StateLine(f"{site.value:<8}UNKNOWN pending", id=f"{kind}-{site.value}")
            yield StateLine("UNKNOWN  pending", id=f"{kind}-verdict", classes="verdict")

    def on_mount(self) -> None:
        self.watch_data(self.data)

    def watch_data(self, data: ReplicationData | None) -> None:
        if data is None or not self.is_mounted:
            return
        self.query_one("#postgres-title", StateLine).show(
            f"PostgreSQL ({_rpo_text(data.database_rpo)})", Level.INFO)
        self.query_one("#redis-title", StateLine).show(
            f"Redis ({_rpo_text(data.sessions_rpo)})", Level.INFO)
        for site in Site:
            self.query_one(f"#postgres-{site.value}", StateLine).show(
                *postgres_site_line(data, site))
            self.query_one(f"#redis-{site.value}", StateLine).show(*redis_site_line(data, site))
        self.query_one("#postgres-verdict", StateLine).show(*postgres_verdict(data))
        self.query_one("#redis-verdict", StateLine).show(*redis_verdict(data))
