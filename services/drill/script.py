"""The scripted side of the world: which scenario events have hit which site, by when.

Split from :mod:`services.drill.world` so the scenario's reading (isolation, corruption
spans) stays apart from the components' models that build on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from services.drill.actions import ActionKind, ActionLog
from services.drill.calc import Interval
from services.drill.plan import DataKind, DrillPlan
from services.drill.scenarios import EventKind, Scenario
from services.models import Site

_ISOLATING = (EventKind.SITE_DOWN, EventKind.REGION_NETWORK_DOWN)


@dataclass(frozen=True)
class DrillSetup:
    """What is fixed when the drill starts."""

    seed: int
    started_at: datetime
    scenario: Scenario
    plan: DrillPlan


class ScriptView:
    """The scenario's events as seen at ``now``, and the restores that end a corruption."""

    def __init__(self, setup: DrillSetup, log: ActionLog, now: datetime) -> None:
        self.setup = setup
        self.log = log
        self.now = now
        self.seed = setup.seed

    # -- the script ----------------------------------------------------------------------
    def event_at(self, kind: EventKind, site: Site) -> datetime | None:
        """When a scripted event of ``kind`` hit ``site``, if it has by now."""
        times = [self.setup.started_at + e.offset for e in self.setup.scenario.events
                 if e.kind is kind and e.site is site]
        return min((t for t in times if t <= self.now), default=None)

    def _scripted(self, kinds: tuple[EventKind, ...], site: Site) -> list[datetime]:
        """All scripted times (past and future): intervals are only evaluated up to now."""
        return [self.setup.started_at + e.offset for e in self.setup.scenario.events
                if e.kind in kinds and e.site is site]

    def _back_after(self, site: Site, moment: datetime) -> datetime | None:
        """The first scripted recovery of ``site`` after ``moment`` (past or future)."""
        backs = [t for t in self._scripted((EventKind.SITE_RECOVERED,), site) if t > moment]
        return min(backs, default=None)

    def isolation(self, site: Site) -> tuple[Interval, ...]:
        """When ``site`` is cut off from everyone (down, or its region's network failed),
        until the scenario brings it back."""
        return tuple((t, self._back_after(site, t)) for t in self._scripted(_ISOLATING, site))

    def isolated_since(self, site: Site) -> datetime | None:
        times = [t for t, end in self.isolation(site)
                 if t <= self.now and (end is None or self.now < end)]
        return min(times, default=None)

    def site_down_since(self, site: Site) -> datetime | None:
        """When the site went down (nodes lost), while it is still down now."""
        for start in self._scripted((EventKind.SITE_DOWN,), site):
            end = self._back_after(site, start)
            if start <= self.now and (end is None or self.now < end):
                return start
        return None

    def recovered_at(self, site: Site) -> datetime | None:
        """When the site last came back, if the scenario brought it back by now."""
        backs = [t for t in self._scripted((EventKind.SITE_RECOVERED,), site) if t <= self.now]
        return max(backs, default=None)

    def reachable(self, site: Site) -> bool:
        return self.isolated_since(site) is None

    def unreachable_targets(self) -> frozenset[str]:
        """Backup stores of the primary's region, once a scripted event there cut them off."""
        cut = any(e.cuts_regional_stores and e.site is Site.PRIMARY
                  and self.setup.started_at + e.offset <= self.now
                  for e in self.setup.scenario.events)
        if not cut:
            return frozenset()
        return frozenset(t.id for t in self.setup.plan.targets if t.primary_region)

    def restores_postgres(self, component: str | None) -> bool:
        """Whether a restore of the schedule ``component`` rewrites the PostgreSQL data."""
        entry = self.setup.plan.schedule(component or "")
        return entry is not None and entry.kind is DataKind.POSTGRES

    # -- corruption, until a restore ----------------------------------------------------
    def corruption_spans(self, site: Site) -> tuple[Interval, ...]:
        """Corrupt from the scripted event until a PostgreSQL restore on the site completes."""
        restores = [t for t in self.log.requested(ActionKind.RESTORE, self.now)
                    if t.site is site and self.restores_postgres(t.component)]
        spans: list[Interval] = []
        for start in self._scripted((EventKind.DATA_CORRUPTION,), site):
            ends = [t.completes_at for t in restores if t.requested_at >= start]
            spans.append((start, min(ends, default=None)))
        return tuple(spans)

    def corrupt_since(self, site: Site) -> datetime | None:
        for start, end in self.corruption_spans(site):
            if start <= self.now and (end is None or self.now < end):
                return start
        return None
