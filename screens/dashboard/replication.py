"""PostgreSQL and Redis replication: each node's role, then the judge's verdict on the link.

"How much data do we lose if we fail over now" is what the standby has not received
(:mod:`console.judge.replication`); the replay backlog, which costs time at promotion but
loses nothing, is shown on its own line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from textual.reactive import reactive

from console.judge.freshness import staleness
from console.judge.replication import LinkVerdict
from console.judge.units import format_bytes, format_span
from console.live.readings import Reading
from screens.style import Level, level_of
from screens.widgets.state_lines import CLIP, Line, StateLines
from services.models import PostgresRole, PostgresSnapshot, RedisRole, RedisSnapshot, Site


@dataclass(frozen=True)
class ReplicationData:
    """The two link verdicts, the node readings behind them, the time and the RPOs."""

    now: datetime
    postgres: LinkVerdict
    redis: LinkVerdict
    database_rpo: timedelta | None = None
    sessions_rpo: timedelta | None = None
    readings: Mapping[str, Reading[Any]] = field(default_factory=dict)


def _rpo_text(rpo: timedelta | None) -> str:
    return "no RPO in plan" if rpo is None else f"RPO {format_span(rpo)}"


def node_line(data: ReplicationData, engine: str, site: Site) -> tuple[str, Level]:
    """One node's role as a neutral fact, or UNKNOWN with why."""
    reading = data.readings.get(f"{engine}/{site}")
    note = staleness(reading, data.now)
    snap = reading.snapshot if reading is not None else None
    if note is not None or snap is None:
        return f"{site.value:<8}UNKNOWN {note or ''}".rstrip(), Level.UNKNOWN
    if isinstance(snap, PostgresSnapshot):
        text = f"{site.value:<8}{snap.role.value} · tl {snap.timeline}"
        if snap.role is PostgresRole.PRIMARY:
            return text + f" · {len(snap.replication)} streaming", Level.INFO
        receiver = {True: "receiver up", False: "receiver DOWN", None: "receiver ?"}
        return text + f" · {receiver[snap.wal_receiver_connected]}", Level.INFO
    if isinstance(snap, RedisSnapshot):
        if snap.role is RedisRole.MASTER:
            return f"{site.value:<8}master · {snap.connected_replicas} replicas", Level.INFO
        link = {True: "link up", False: "link DOWN", None: "link ?"}[snap.link_up]
        return f"{site.value:<8}replica · {link}", Level.INFO
    return f"{site.value:<8}UNKNOWN unexpected {type(snap).__name__}", Level.UNKNOWN


def verdict_line(link: LinkVerdict) -> tuple[str, Level]:
    """``AT RISK  failover loses 14.0 MiB / 2m of writes <= RPO 5m · receiver DOWN``."""
    level = level_of(link.status)
    return f"{level.value}  {link.reason}", level


def backlog_line(link: LinkVerdict) -> tuple[str, Level]:
    """What a promotion must replay first: time, not data."""
    if link.replay_backlog_bytes is None:
        return "promote: replay backlog ?", Level.INFO
    return f"promote: replay backlog {format_bytes(link.replay_backlog_bytes)}", Level.INFO


def pending_lines() -> dict[str, Line]:
    """Before the first poll: every node and link UNKNOWN, never green."""
    lines: dict[str, Line] = {}
    for engine in ("postgres", "redis"):
        title = "PostgreSQL" if engine == "postgres" else "Redis"
        lines[f"{engine}-title"] = Line(title, Level.INFO, ("head",))
        for site in Site:
            lines[f"{engine}-{site.value}"] = Line(f"{site.value:<8}UNKNOWN pending",
                                                   Level.UNKNOWN)
        lines[f"{engine}-verdict"] = Line("UNKNOWN  pending", Level.UNKNOWN)
        if engine == "postgres":
            lines["postgres-backlog"] = Line("promote: replay backlog ?", Level.INFO)
    return lines


def _verdict(link: LinkVerdict) -> Line:
    text, level = verdict_line(link)
    return Line(text, level, ("alarm",) if level is Level.BREACHED else ())


def pane_lines(data: ReplicationData) -> dict[str, Line]:
    """Every line of the pane for ``data``, in the order of :func:`pending_lines`."""
    lines = {"postgres-title": Line(f"PostgreSQL ({_rpo_text(data.database_rpo)})",
                                    Level.INFO, ("head",)),
             "redis-title": Line(f"Redis ({_rpo_text(data.sessions_rpo)})", Level.INFO,
                                 ("head",)),
             "postgres-verdict": _verdict(data.postgres),
             "redis-verdict": _verdict(data.redis),
             "postgres-backlog": Line(*backlog_line(data.postgres))}
    for engine in ("postgres", "redis"):
        for site in Site:
            text, level = node_line(data, engine, site)
            lines[f"{engine}-{site.value}"] = Line(text, level, (CLIP,))
    return lines


class ReplicationPane(StateLines):
    """Two sections, one line per node and the link's verdict each (one widget)."""

    can_focus = True
    data: reactive[ReplicationData | None] = reactive(None, init=False)

    def __init__(self) -> None:
        super().__init__(pending_lines(), id="replication")
        self.border_title = "Replication"

    def on_mount(self) -> None:
        self.watch_data(self.data)

    def watch_data(self, data: ReplicationData | None) -> None:
        if data is not None:
            self.show_lines(pane_lines(data))
