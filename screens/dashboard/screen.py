"""The live two-site dashboard: sites, replication, backups and a log of state changes.

The app forwards every poller :class:`~console.live.readings.Reading` to
:meth:`DashboardScreen.show_reading`; the screen keeps the latest reading per source and
hands each pane its slice (attributes down). Panes ask :mod:`screens.style` how things
stand, so this screen only routes, and records what changed in the event log.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Header

from console.judge.objectives import ObjectiveStatus
from console.live.readings import Freshness, Reading
from console.plan import Plan
from screens.dashboard.backups import BackupsData, BackupsPane
from screens.dashboard.events import EventLog
from screens.dashboard.objectives import ObjectivesPane
from screens.dashboard.replication import (
    ReplicationData,
    ReplicationPane,
    postgres_verdict,
    redis_verdict,
)
from screens.dashboard.site_card import SiteCard, site_lines
from screens.dashboard.sites import SitesData, SitesPane
from screens.modals.details import DetailsScreen
from screens.style import Level
from services.clock import Clock
from services.models import Site
from themes import STYLESHEET as CONSOLE_STYLESHEET

DASHBOARD_STYLESHEET = CONSOLE_STYLESHEET.with_name("dashboard.tcss")
"""Load next to ``themes.STYLESHEET`` (the screen does not load it itself)."""

SOURCES = ("cluster/primary", "cluster/dr", "postgres/primary", "postgres/dr", "redis/primary",
           "redis/dr", "backups", "health/primary", "health/dr", "dns")
WIDE_COLUMNS = 150
"""From this width the panes sit in a two-column grid instead of one scrolling column."""


class DashboardScreen(Screen[None]):
    """Primary and DR side by side, measured against the plan's objectives."""

    def __init__(self, plan: Plan, clock: Clock, banner: Widget | None = None) -> None:
        super().__init__(id="dashboard")
        self.plan = plan
        self.clock = clock
        self.banner = banner
        self.readings: dict[str, Reading[Any]] = {}
        self._verdicts: dict[str, Level] = {}
        self.event_log = EventLog()
        self.objectives = ObjectivesPane(plan)

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        if self.banner is not None:
            yield self.banner
        with VerticalScroll(id="dashboard-body", can_focus=False):
            yield SitesPane()
            yield ReplicationPane()
            yield BackupsPane(self.plan)
            yield self.objectives
            yield self.event_log
        yield Footer()

    def on_mount(self) -> None:
        self._refresh_panes()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width >= WIDE_COLUMNS, "-wide")

    def show_objectives(self, statuses: Iterable[ObjectiveStatus]) -> None:
        """Live objective statuses, from the app after every reading."""
        self.objectives.show_statuses(statuses)

    def show_reading(self, reading: Reading[Any]) -> None:
        """Keep ``reading`` as its source's latest, log what changed, refresh the panes."""
        previous = self.readings.get(reading.source)
        self.readings[reading.source] = reading
        self._record_freshness(previous, reading)
        if self.is_mounted:
            self._refresh_panes()

    def _rpo(self, objective_id: str) -> timedelta | None:
        return next((o.target for o in self.plan.objectives.rpo if o.id == objective_id), None)

    def _replication_data(self) -> ReplicationData:
        return ReplicationData(now=self.clock.now(), database_rpo=self._rpo("database"),
                               sessions_rpo=self._rpo("sessions"), readings=dict(self.readings))

    def _refresh_panes(self) -> None:
        now = self.clock.now()
        readings = dict(self.readings)
        self.query_one(SitesPane).data = SitesData(now=now, readings=readings)
        replication = self._replication_data()
        self.query_one(ReplicationPane).data = replication
        self.query_one(BackupsPane).data = BackupsData(now=now, reading=readings.get("backups"))
        verdicts = [("PostgreSQL replication", postgres_verdict(replication)),
                    ("Redis replication", redis_verdict(replication))]
        for site in Site:
            lines = site_lines(SitesData(now=now, readings=readings).for_site(site))
            text, level = lines["health"]
            verdicts.append((f"{site.value} health", (text.split(maxsplit=1)[1], level)))
        for name, (text, level) in verdicts:
            before = self._verdicts.get(name)
            if before is None and level is Level.UNKNOWN:
                continue  # nothing known yet: starting up is not a state change
            self._verdicts[name] = level
            if before is not None and before is not level:
                self._record(f"{name}: {before.value} -> {text.strip()}")

    def _record_freshness(self, previous: Reading[Any] | None, reading: Reading[Any]) -> None:
        was = previous.freshness if previous is not None else Freshness.PENDING
        now = reading.freshness
        if now is Freshness.STALE and (was is not Freshness.STALE
                                       or (previous and previous.error != reading.error)):
            self._record(f"{reading.source}: {reading.error}")
        elif now is Freshness.FRESH and was is Freshness.STALE:
            self._record(f"{reading.source}: answering again")

    def _record(self, text: str) -> None:
        self.event_log.record(text, self.clock.now())

    def on_site_card_details_requested(self, message: SiteCard.DetailsRequested) -> None:
        message.stop()
        self.app.push_screen(DetailsScreen(message.site,
                                           self.readings.get(f"cluster/{message.site.value}"),
                                           self.clock.now()))
