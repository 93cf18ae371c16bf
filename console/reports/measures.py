"""Journaling what the judge measured, so reports can say what was achieved.

The journal is the report's only source, but the judge's verdicts live in memory: an RTO
row turning MET (service restored) or the data a failover would lose at the moment it
was requested exist nowhere else. So, while an incident is open, each change of an RTO or
RPO row's status is journaled as it stands (``ObjectiveMeasured``), and when a failover
action (promote, DNS failover) is requested the RPO rows are journaled with the
replication links' exposure at that moment. Nothing is re-derived: status, evidence and
exposure are the judge's own.
"""

from __future__ import annotations

from collections.abc import Sequence

from console.journal.events import ActionRequested, Event, ObjectiveMeasured
from console.judge.model import Status
from console.judge.verdicts import Verdicts
from console.plan.model import Plan
from console.plan.objectives import RpoMeasure

FAILOVER_ACTIONS = frozenset({"promote-postgres", "promote-redis", "dns-failover"})
LINKS = {RpoMeasure.POSTGRES_REPLICATION: "postgres", RpoMeasure.REDIS_REPLICATION: "redis"}


def pending_measures(plan: Plan, events: Sequence[Event], verdicts: Verdicts
                     ) -> list[ObjectiveMeasured]:
    """The measurements to journal now (none when nothing changed)."""
    last: dict[tuple[str, str], str] = {}
    measured_for: set[int] = set()
    for event in events:
        if isinstance(event, ObjectiveMeasured):
            if event.moment == "changed":
                last[(event.kind, event.objective)] = event.status
            elif event.ref_seq is not None:
                measured_for.add(event.ref_seq)
    found: list[ObjectiveMeasured] = []
    for row in verdicts.objectives:
        if row.kind == "sla" or row.status is Status.NOT_MONITORED:
            continue
        if last.get((row.kind, row.id)) != row.status.value:
            found.append(ObjectiveMeasured(kind=row.kind, objective=row.id,
                                           status=row.status.value, evidence=row.evidence))
    request = next((e for e in reversed(events) if isinstance(e, ActionRequested)
                    and e.action in FAILOVER_ACTIONS), None)
    if request is not None and request.seq not in measured_for:
        found += _at_failover(plan, verdicts, request.seq)
    return found


def _at_failover(plan: Plan, verdicts: Verdicts, ref_seq: int) -> list[ObjectiveMeasured]:
    rows = []
    for rpo in plan.objectives.rpo:
        row = verdicts.objective("rpo", rpo.id)
        engine = LINKS.get(rpo.measure)
        if row is None or engine is None:
            continue
        link = verdicts.postgres if engine == "postgres" else verdicts.redis
        rows.append(ObjectiveMeasured(
            kind="rpo", objective=rpo.id, status=row.status.value, moment="failover",
            evidence=link.reason, exposure_bytes=link.exposure_bytes,
            exposure_s=link.exposure_s, ref_seq=ref_seq))
    return rows
