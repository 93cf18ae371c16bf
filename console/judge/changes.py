"""What changed between two moments, one line per fact: ``what: old -> new``.

The event log tells the incident's story from this: the judge's verdicts (sites,
replication, backups, streams, objectives) and the facts an operator waits for (where DNS
points, which PostgreSQL is primary and on which timeline, which Redis is master, how many
nodes and deployments are ready, what each health endpoint answers). Pure: two
:class:`~console.judge.verdicts.LiveState` in, changes out, so it is tested without
Textual. A fact seen for the first time is not a change (start-up is not news), and the
old and new values are always of the same kind (``HTTP 503 standby -> HTTP 200 ok``,
never a status against an answer).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from console.judge.verdicts import LiveState, Verdicts
from console.live.readings import Freshness, Reading
from services.models import (
    ClusterSnapshot,
    DnsSnapshot,
    HealthSnapshot,
    PostgresSnapshot,
    RedisSnapshot,
)


@dataclass(frozen=True)
class Fact:
    value: str
    why: str = ""
    source: str | None = None
    """The reading it comes from: where its details are (a site's cluster, a source)."""


@dataclass(frozen=True)
class Change:
    """One fact that changed; :meth:`text` is the event log's line."""

    subject: str
    old: str
    new: str
    why: str = ""
    source: str | None = None

    def text(self) -> str:
        line = f"{self.subject}: {self.old} -> {self.new}"
        return f"{line} ({self.why})" if self.why and self.why != self.new else line


def _reading_facts(readings: Mapping[str, Reading[Any]]) -> dict[str, Fact]:
    facts: dict[str, Fact] = {}
    for name, reading in readings.items():
        snap = reading.snapshot
        if isinstance(snap, DnsSnapshot):
            where = snap.points_at.value if snap.points_at else (snap.current_target or "?")
            facts[f"DNS {snap.record}"] = Fact(where, snap.current_target or "", name)
        elif isinstance(snap, PostgresSnapshot):
            facts[f"PostgreSQL {snap.site.value}"] = Fact(
                f"{snap.role.value} (timeline {snap.timeline})", snap.node, name)
        elif isinstance(snap, RedisSnapshot):
            facts[f"Redis {snap.site.value}"] = Fact(snap.role.value, snap.node, name)
        elif isinstance(snap, ClusterSnapshot):
            site = snap.site.value
            facts[f"{site} nodes ready"] = Fact(f"{snap.nodes_ready}/{snap.nodes_total}",
                                                source=name)
            ready = sum(d.ready_replicas >= d.desired_replicas for d in snap.deployments)
            facts[f"{site} deployments ready"] = Fact(f"{ready}/{len(snap.deployments)}",
                                                      source=name)
        elif isinstance(snap, HealthSnapshot) and reading.freshness is Freshness.FRESH:
            answer = (f"HTTP {snap.status_code} {snap.reported_status or ''}".strip()
                      if snap.status_code is not None else "no answer")
            facts[f"{snap.site.value} health"] = Fact(answer, snap.error or "", name)
    return facts


def _verdict_facts(verdicts: Verdicts) -> dict[str, Fact]:
    facts = {f"{site.value} site": Fact(v.state.value, v.reason, f"cluster/{site.value}")
             for site, v in verdicts.sites.items()}
    facts["PostgreSQL replication"] = Fact(verdicts.postgres.status.value,
                                           verdicts.postgres.reason)
    facts["Redis replication"] = Fact(verdicts.redis.status.value, verdicts.redis.reason)
    for cell in verdicts.backups:
        if cell.status is not None:
            facts[f"backup {cell.component} in {cell.target}"] = Fact(
                cell.status.value, cell.reason, "backups")
    for stream in verdicts.streams:
        facts[stream.what] = Fact(stream.status.value, stream.reason)
    for row in verdicts.objectives:
        facts[f"{row.kind.upper()} {row.label}"] = Fact(row.status.value, row.evidence)
    return facts


def facts_of(live: LiveState) -> dict[str, Fact]:
    """Every fact whose change the event log records."""
    return _reading_facts(live.readings) | _verdict_facts(live.verdicts)


def source_changes(before: LiveState, after: LiveState) -> list[Change]:
    """Sources that stopped answering (or answer with another error), or answer again."""
    found = []
    for name, reading in after.readings.items():
        was = before.readings.get(name)
        was_fresh = was.freshness if was is not None else Freshness.PENDING
        if reading.freshness is Freshness.STALE and (
                was_fresh is not Freshness.STALE or (was and was.error != reading.error)):
            found.append(Change(name, "answering" if was_fresh is Freshness.FRESH
                                else "not answering", "not answering",
                                reading.error or "", name))
        elif reading.freshness is Freshness.FRESH and was_fresh is Freshness.STALE:
            found.append(Change(name, "not answering", "answering", source=name))
    return found


class ChangeLog:
    """Remembers which facts were ever known, so a first answer is never news.

    A fact going from UNKNOWN to a value is news only if it had a value before (a source
    came back); while the console starts, every fact's first answer is not a change.
    """

    def __init__(self) -> None:
        self.known: set[str] = set()

    def changes(self, before: LiveState, after: LiveState) -> list[Change]:
        """What changed from ``before`` to ``after``: sources first, then facts."""
        found = source_changes(before, after)
        old = facts_of(before)
        for subject, fact in facts_of(after).items():
            previous = old.get(subject)
            if previous is not None and previous.value != "unknown":
                self.known.add(subject)
            if previous is None or previous.value == fact.value or subject not in self.known:
                continue
            found.append(Change(subject, previous.value, fact.value, fact.why, fact.source))
        return _grouped(found)


def changes(before: LiveState, after: LiveState) -> list[Change]:
    """What changed between two moments, with nothing remembered from earlier ones."""
    return ChangeLog().changes(before, after)


BACKUP_GROUP = 3
"""More backup cells than this changing alike make one line: a store that stops answering
turns tens of cells UNKNOWN, and the story is the store, not each cell."""


def _grouped(found: list[Change]) -> list[Change]:
    groups: dict[tuple[str, str], list[Change]] = {}
    for change in found:
        if change.subject.startswith("backup "):
            groups.setdefault((change.old, change.new), []).append(change)
    out = []
    for change in found:
        group = groups.get((change.old, change.new), [])
        if change not in group or len(group) <= BACKUP_GROUP:
            out.append(change)
        elif change is group[0]:
            named = ", ".join(c.subject.removeprefix("backup ") for c in group[:BACKUP_GROUP])
            out.append(Change(f"backups, {len(group)} cells", change.old, change.new,
                              f"{named}, ...; {change.why}", "backups"))
    return out
