"""The live two-site dashboard: sites, replication, backups, objectives and a log of what
changed.

The app hands the screen one :class:`~console.judge.verdicts.LiveState` (readings and the
judge's verdicts) after every poll; the screen gives each pane its slice (attributes
down) and logs each verdict that changed as "what: old -> new". It decides nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import events
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Header

from console.journal.events import CheckEvaluated, Event, ObjectiveMeasured
from console.judge.backups import BackupCell
from console.judge.changes import ChangeLog
from console.judge.verdicts import LiveState, rpo_target
from console.plan import Plan
from console.reports.timeline import describe
from screens.dashboard.backups import BackupsData, BackupsPane
from screens.dashboard.event_filter import EventFilterModal
from screens.dashboard.events import EventLog
from screens.dashboard.objectives import ObjectivesPane
from screens.dashboard.replication import ReplicationData, ReplicationPane
from screens.dashboard.site_card import SiteCard
from screens.dashboard.sites import SitesPane
from screens.dashboard.source_details import reading_text
from screens.layout import WIDE_COLUMNS
from screens.modals.backup_cell import BackupCellScreen
from screens.modals.details import DetailsScreen
from screens.modals.text_view import TextModal
from screens.widgets.fast_resume import FastResumeScreen
from screens.widgets.key_bar import KeyBar
from services.clock import Clock
from services.models import Site
from services.sanitize import sanitize

SOURCE_STATES = ("answering", "not answering")
"""A source's own change (:func:`console.judge.changes.source_changes`)."""
SKIPPED_EVENTS = (ObjectiveMeasured, CheckEvaluated)
"""Journal events the event log leaves out: the judge's and the checks' own readings."""

TALL_ROWS = 40
"""From this height a site's or a node's long line (an error) wraps; below, it is cut with
… (Enter and the events show it in full), so an 80x24 screen still shows both sites."""


class DashboardScreen(FastResumeScreen):
    """Primary and DR side by side, measured against the plan's objectives."""

    def __init__(self, plan: Plan, clock: Clock, banner: Widget | None = None) -> None:
        super().__init__(id="dashboard")
        self.plan = plan
        self.clock = clock
        self.banner = banner
        self.live: LiveState | None = None
        self.event_log = EventLog()
        self._changes = ChangeLog()
        self._journal_seq = 0
        self.objectives = ObjectivesPane(plan)
        self.sites = SitesPane()
        self.replication = ReplicationPane()

    def compose(self) -> ComposeResult:
        # The layout class before the panes mount, or the first resize restyles them all.
        self.set_class(self.app.size.width >= WIDE_COLUMNS, "-wide")
        self._clip_lines(self.app.size.height)
        yield Header(icon="")
        if self.banner is not None:
            yield self.banner
        with VerticalScroll(id="dashboard-body", can_focus=False):
            yield self.sites
            yield self.replication
            yield BackupsPane(self.plan)
            yield self.objectives
            yield self.event_log
        yield KeyBar()

    def on_mount(self) -> None:
        self._refresh_panes()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width >= WIDE_COLUMNS, "-wide")
        self._clip_lines(event.size.height)

    def _clip_lines(self, height: int) -> None:
        for pane in (*self.sites.cards, self.replication):
            pane.set_clipping(height < TALL_ROWS)

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
        """One line per fact that changed (:class:`~console.judge.changes.ChangeLog`)."""
        now = self.clock.now()
        for change in self._changes.changes(before, after):
            answering = change.subject == change.source and change.new in SOURCE_STATES
            self.event_log.record(change.text(), now, "source" if answering else "change",
                                  change.source, change.subject)

    def record_console(self, text: str) -> None:
        """A line about something this console did (a verification run, say)."""
        self.event_log.record(sanitize(text, limit=300), self.clock.now(), "console")

    def show_journal(self, events: Sequence[Event]) -> None:
        """The incident's journaled operator actions (notes included) not logged yet,
        one line each in the report timeline's words; the judge's own measurements are
        left out (the verdict changes above already say them)."""
        for event in events:
            if event.seq <= self._journal_seq:
                continue
            self._journal_seq = event.seq
            if isinstance(event, SKIPPED_EVENTS) or event.at is None:
                continue
            who = f" ({event.operator})" if event.operator else ""
            self.event_log.record(sanitize(f"journal: {describe(event)}{who}", limit=300),
                                  event.at, "journal")

    def on_event_log_filter_requested(self, message: EventLog.FilterRequested) -> None:
        message.stop()
        log = self.event_log

        def chosen(query: str | None) -> None:
            if query is not None:
                log.filter_text = query

        self.app.push_screen(EventFilterModal(log.filter_text), callback=chosen)

    def on_event_log_details_requested(self, message: EventLog.DetailsRequested) -> None:
        """A line's source: a site's details, a backup cell's reasons, or the reading."""
        message.stop()
        entry, live = message.entry, self.live
        source = entry.source or ""
        site = source.removeprefix("cluster/")
        if source.startswith("cluster/") and site in {s.value for s in Site}:
            self.post_message(SiteCard.DetailsRequested(Site(site)))
            return
        cell = backup_cell(entry.subject, live)
        if cell is not None:
            self.app.push_screen(BackupCellScreen(cell.component, cell.target, cell))
            return
        text = f"{entry.at:%Y-%m-%d %H:%M:%S} {entry.text}"
        if source and live is not None:
            text += "\n\n" + reading_text(source, live.readings.get(source), self.clock.now())
        self.app.push_screen(TextModal(source or f"Event ({entry.kind})", text))

    def on_site_card_details_requested(self, message: SiteCard.DetailsRequested) -> None:
        message.stop()
        live = self.live
        reading = live.readings.get(f"cluster/{message.site}") if live is not None else None
        verdict = live.verdicts.sites.get(message.site) if live is not None else None
        self.app.push_screen(DetailsScreen(message.site, reading, self.clock.now(), verdict))


def backup_cell(subject: str, live: LiveState | None) -> BackupCell | None:
    """The judged cell a ``backup <schedule> in <store>`` line is about, if it is one."""
    if live is None or not subject.startswith("backup ") or " in " not in subject:
        return None
    component, target = subject.removeprefix("backup ").split(" in ", 1)
    return next((c for c in live.verdicts.backups
                 if (c.component, c.target) == (component, target)), None)
