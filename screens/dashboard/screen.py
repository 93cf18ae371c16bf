"""The live two-site dashboard: sites, replication, backups, objectives and a log of what
changed.

The app hands the screen one :class:`~console.judge.verdicts.LiveState` (readings and the
judge's verdicts) after every poll; the screen gives each pane its slice (attributes
down) and logs each verdict that changed as "what: old -> new". It decides nothing.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Header

from console.judge.verdicts import LiveState, Verdicts, rpo_target
from console.live.readings import Freshness
from console.plan import Plan
from screens.dashboard.backups import BackupsData, BackupsPane
from screens.dashboard.events import EventLog
from screens.dashboard.objectives import ObjectivesPane
from screens.dashboard.replication import ReplicationData, ReplicationPane
from screens.dashboard.site_card import SiteCard
from screens.dashboard.sites import SitesPane
from screens.modals.details import DetailsScreen
from screens.widgets.fast_resume import FastResumeScreen
from screens.widgets.key_bar import KeyBar
from services.clock import Clock
from themes import STYLESHEET as CONSOLE_STYLESHEET

DASHBOARD_STYLESHEET = CONSOLE_STYLESHEET.with_name("dashboard.tcss")
"""Load next to ``themes.STYLESHEET`` (the screen does not load it itself)."""

WIDE_COLUMNS = 150
"""From this width the panes sit in a two-column grid instead of one scrolling column."""


def watched_facts(verdicts: Verdicts) -> dict[str, tuple[str, str]]:
    """Name -> (short state, words) of every verdict whose change the event log records."""
    facts = {f"{site} site": (v.state.value, v.reason) for site, v in verdicts.sites.items()}
    facts["PostgreSQL replication"] = (verdicts.postgres.status.value, verdicts.postgres.reason)
    facts["Redis replication"] = (verdicts.redis.status.value, verdicts.redis.reason)
    for row in verdicts.objectives:
        facts[f"{row.kind.upper()} {row.label}"] = (row.status.value, row.evidence)
    for stream in verdicts.streams:
        facts[stream.what] = (stream.status.value, stream.reason)
    return facts


class DashboardScreen(FastResumeScreen):
    """Primary and DR side by side, measured against the plan's objectives."""

    def __init__(self, plan: Plan, clock: Clock, banner: Widget | None = None) -> None:
        super().__init__(id="dashboard")
        self.plan = plan
        self.clock = clock
        self.banner = banner
        self.live: LiveState | None = None
        self._seen: set[str] = set()
        """Facts known at least once: a change of these is news, a first answer is not."""
        self.event_log = EventLog()
        self.objectives = ObjectivesPane(plan)

    def compose(self) -> ComposeResult:
        # The layout class before the panes mount, or the first resize restyles them all.
        self.set_class(self.app.size.width >= WIDE_COLUMNS, "-wide")
        yield Header(icon="")
        if self.banner is not None:
            yield self.banner
        with VerticalScroll(id="dashboard-body", can_focus=False):
            yield SitesPane()
            yield ReplicationPane()
            yield BackupsPane(self.plan)
            yield self.objectives
            yield self.event_log
        yield KeyBar()

    def on_mount(self) -> None:
        self._refresh_panes()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width >= WIDE_COLUMNS, "-wide")

    def show_live(self, live: LiveState) -> None:
        """The app's latest state: log what changed, then refresh the panes."""
        previous, self.live = self.live, live
        if previous is not None:
            self._record_changes(previous, live)
        if self.is_mounted:
            self._refresh_panes()

    def _refresh_panes(self) -> None:
        live = self.live
        if live is None:
            return
        verdicts = live.verdicts
        self.query_one(SitesPane).verdicts = verdicts.sites
        self.query_one(ReplicationPane).data = ReplicationData(
            now=verdicts.at, postgres=verdicts.postgres, redis=verdicts.redis,
            database_rpo=rpo_target(self.plan, "postgres"),
            sessions_rpo=rpo_target(self.plan, "redis"), readings=live.readings)
        self.query_one(BackupsPane).data = BackupsData(
            now=verdicts.at, cells=verdicts.backups, reading=live.readings.get("backups"),
            streams=verdicts.streams)
        self.objectives.show_statuses(verdicts.objectives)

    def _record_changes(self, before: LiveState, after: LiveState) -> None:
        for name, reading in after.readings.items():
            was = before.readings.get(name)
            was_fresh = was.freshness if was is not None else Freshness.PENDING
            if reading.freshness is Freshness.STALE and (
                    was_fresh is not Freshness.STALE or (was and was.error != reading.error)):
                self._record(f"{name}: not answering: {reading.error}")
            elif reading.freshness is Freshness.FRESH and was_fresh is Freshness.STALE:
                self._record(f"{name}: answering again")
        old = watched_facts(before.verdicts)
        for name, (state, words) in watched_facts(after.verdicts).items():
            previous = old.get(name)
            if previous is not None and previous[0] != "unknown":
                self._seen.add(name)
            if previous is None or previous[0] == state:
                continue
            if name in self._seen:  # first answers after start-up are not changes
                self._record(f"{name}: {previous[0]} -> {state} ({words})")

    def _record(self, text: str) -> None:
        self.event_log.record(text, self.clock.now())

    def on_site_card_details_requested(self, message: SiteCard.DetailsRequested) -> None:
        message.stop()
        live = self.live
        reading = live.readings.get(f"cluster/{message.site}") if live is not None else None
        verdict = live.verdicts.sites.get(message.site) if live is not None else None
        self.app.push_screen(DetailsScreen(message.site, reading, self.clock.now(), verdict))
