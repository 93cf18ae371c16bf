"""Every verdict of one moment, decided once: what the screens, checks, gates and
``status`` render.

The console judges the latest readings in one call and hands the result around; nothing
downstream re-derives a status from raw snapshots, so two screens cannot disagree about
one fact (a property test holds them together).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict

from console.judge.backup_streams import StreamVerdict, streams
from console.judge.backups import BackupCell, backup_cells
from console.judge.freshness import Readings, staleness
from console.judge.maintenance import TaskState, TaskStatus, judge_tasks, tasks
from console.judge.model import ObjectiveStatus, Status
from console.judge.objectives import evaluate
from console.judge.replication import LinkVerdict, postgres_link, redis_link
from console.judge.sites import SiteVerdict, judge_site
from console.live.maintenance import MAINTENANCE, MaintenanceSnapshot
from console.live.readings import Reading
from console.plan import Plan
from console.plan.objectives import RpoMeasure
from services.models import Site


class SourceVerdict(BaseModel):
    """Whether one source's data may be used: MET when fresh, UNKNOWN with the reason."""

    model_config = ConfigDict(frozen=True)

    source: str
    status: Status
    reason: str


class Verdicts(BaseModel):
    """The judge's answer for one moment."""

    model_config = ConfigDict(frozen=True)

    at: datetime
    sources: dict[str, SourceVerdict]
    sites: dict[Site, SiteVerdict]
    postgres: LinkVerdict
    redis: LinkVerdict
    backups: tuple[BackupCell, ...]
    objectives: tuple[ObjectiveStatus, ...]
    streams: tuple[StreamVerdict, ...] = ()
    """WAL archiving and Redis persistence: what no listing shows (failing *now*)."""
    maintenance: tuple[TaskStatus, ...] | None = None
    """The maintenance calendar, most urgent first; None where no maintenance journal is
    read (a drill runs on simulated time: its calendar would mean nothing)."""

    @property
    def overdue(self) -> tuple[TaskStatus, ...]:
        return tuple(t for t in self.maintenance or () if t.state is TaskState.OVERDUE)

    def objective(self, kind: str, objective_id: str) -> ObjectiveStatus | None:
        return next((o for o in self.objectives if o.kind == kind and o.id == objective_id),
                    None)


def rpo_target(plan: Plan, engine: str) -> timedelta | None:
    """The RPO that a replication link protects: the row the plan measures by it."""
    measure = RpoMeasure(f"{engine}-replication")
    return next((o.target for o in plan.objectives.rpo if o.measure is measure), None)


def judge_all(plan: Plan, readings: Readings, now: datetime, *,
              down_since: Mapping[str, datetime] | None = None,
              disruption_at: datetime | None = None) -> Verdicts:
    """Every verdict for ``readings`` at ``now`` (RTOs from ``disruption_at`` when an
    incident gives it)."""
    sources = {name: SourceVerdict(source=name,
                                   status=Status.UNKNOWN if note else Status.MET,
                                   reason=note or "fresh")
               for name, reading in readings.items()
               for note in [staleness(reading, now)]}
    return Verdicts(
        at=now, sources=sources,
        sites={site: judge_site(readings, site, now) for site in Site},
        postgres=postgres_link(readings, now, rpo_target(plan, "postgres")),
        redis=redis_link(readings, now, rpo_target(plan, "redis")),
        backups=backup_cells(plan, readings, now),
        objectives=evaluate(plan, readings, now, down_since=down_since,
                            disruption_at=disruption_at),
        streams=streams(readings, now),
        maintenance=calendar(plan, readings, now),
    )


def calendar(plan: Plan, readings: Readings, now: datetime) -> tuple[TaskStatus, ...] | None:
    """The plan's tasks judged on the maintenance journal's records (None: no journal is
    read; empty: not read yet)."""
    reading = readings.get(MAINTENANCE)
    if reading is None:
        return None
    snap = reading.snapshot  # the last good records, even if the latest read failed
    if not isinstance(snap, MaintenanceSnapshot):
        return ()  # not read yet: nothing known, not "everything due"
    return judge_tasks(tasks(plan), snap.done, now)


@dataclass(frozen=True)
class LiveState:
    """What the console knows at one moment: the latest readings and their verdicts.

    The app holds exactly one of these (in one reactive) and every screen renders it.
    """

    readings: Mapping[str, Reading[Any]]
    verdicts: Verdicts
