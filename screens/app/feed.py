"""The app's feeds: readings from the poller, the watched journal, the one-second tick.

A base class of :class:`~console.shell.app.RecoveryConsoleApp`. The poller runs on the
app's event loop; each reading arrives as a :class:`ReadingReceived` message and the
monitor's latest :class:`~console.judge.verdicts.LiveState` is handed down to the screens
that render it (attributes down). A read-only follower applies what another console
appends to the journal. Changed RTO/RPO verdicts are journaled while an incident is open.
Like ``app.py`` it may import Textual and screens (import-linter names it beside ``app.py``).
"""

from __future__ import annotations

import asyncio
import gc
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.message import Message
from textual.reactive import reactive

from screens.app.incident import IncidentApp

if TYPE_CHECKING:  # loaded once the frame is drawn (console.shell.app): light to import
    from console.incident.session import IncidentSession
    from console.judge.verdicts import LiveState
    from console.live.readings import Reading
    from screens.dashboard.screen import DashboardScreen
    from screens.objectives.screen import ObjectivesScreen
    from screens.widgets.mode_banner import ModeBanner

FULL_GC_TICKS = 10
"""Seconds between full garbage collections, when the keyboard is quiet."""
FULL_GC_QUIET_S = 1.0
FULL_GC_MAX_TICKS = 15
"""Cyclic garbage lives at most this many seconds, however busy the keyboard: a full
collection costs ~3.5 ms per thousand objects, ~1 200 objects a second accumulate (120 s of
it measured 1 s), so it must come often enough to stay short."""
FULL_GC_NEVER = 1_000_000
"""The collector's own threshold for a full collection: in effect never."""


@dataclass
class ReadingReceived(Message):
    """A source was polled; its latest reading (fresh or stale)."""

    reading: Reading[Any]

    def can_replace(self, message: Message) -> bool:
        """A newer reading supersedes a queued one: the handler renders the monitor's latest
        state, so a burst of readings costs one render, not one each."""
        return isinstance(message, ReadingReceived)


class LiveFeedApp(IncidentApp):
    """Readings, the followed journal and the tick, handed down to the screens."""

    live: reactive[LiveState | None] = reactive(None, init=False, always_update=True,
                                                repaint=False)
    """The latest readings and the judge's verdicts: the one state every screen renders.
    Setting it repaints nothing itself (a full-screen repaint per reading): the panes that
    changed repaint themselves."""

    _banners: list[ModeBanner]
    _ticks = 0
    _last_key = 0.0
    _gc_threshold: tuple[int, int, int] | None = None

    FOLLOW_RETRY_S: ClassVar[tuple[float, ...]] = (1.0, 2.0, 5.0, 10.0, 30.0, 60.0)
    """Waits before following again after an error; after the last, following stops."""

    def _banner(self) -> ModeBanner:
        from screens.widgets.mode_banner import ModeBanner

        banner = ModeBanner(self.settings.mode, f"{self.plan.plan.id} {self.plan.plan.version}",
                            self.settings.operator_name(),
                            self.drill.scenario.name if self.drill is not None else None)
        self._banners.append(banner)
        return banner

    def _refresh_banners(self) -> None:
        """Drill clock and stale sources, on every banner (one per screen)."""
        from console.live.readings import Freshness
        from screens.widgets.mode_banner import BannerStatus

        stale = tuple(sorted(name for name, reading in self.monitor.poller.latest.items()
                             if reading.freshness is Freshness.STALE))
        elapsed = None
        if self.drill is not None:
            elapsed = self.monitor.clock.now() - self.drill.started_at
        due = None
        if self.session is not None and self.session.state.id:
            due = self.desk.update_due_in(self.session.events, self.monitor.clock.now())
        live = self.live
        status = BannerStatus(elapsed, self.settings.drill.speed, stale, due,
                              overdue_tasks=len(live.verdicts.overdue) if live else 0)
        for banner in self._banners:
            banner.status = status

    def _start_polling(self) -> None:
        """Poll once the dashboard is painted: it shows at once, every source pending (never
        green) until it answers, instead of waiting for a burst of first readings.

        Garbage collection is paced here too: what start-up built (modules, screens,
        widgets, the plan) lives as long as the app and is frozen out of the collector, and
        the full collections, which the collector would start at any moment (measured:
        110-220 ms before the freeze, 20-50 ms after, landing on key presses: the worst key
        -> repaint times), run from the one-second tick instead (:meth:`_collect_garbage`).
        The young generations are still collected as usual."""
        gc.freeze()
        self._gc_threshold = gc.get_threshold()
        gc.set_threshold(self._gc_threshold[0], self._gc_threshold[1], FULL_GC_NEVER)
        self.run_worker(self.monitor.poller.run(), name="poller", group="poller",
                        exclusive=True, exit_on_error=False)

    def _restore_gc(self) -> None:
        """The collector as it was before :meth:`_start_polling` (an app ends, the process
        may carry on: tests)."""
        if self._gc_threshold is not None:
            gc.unfreeze()
            gc.set_threshold(*self._gc_threshold)
            self._gc_threshold = None

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            self._last_key = time.monotonic()
        await super().on_event(event)

    def _collect_garbage(self) -> None:
        """A full collection every :data:`FULL_GC_TICKS` seconds, while no key was pressed
        in the last :data:`FULL_GC_QUIET_S` (however busy the keyboard, at least every
        :data:`FULL_GC_MAX_TICKS`): cyclic garbage (Textual's strips and their caches,
        ~35k objects in 30 s) costs 60-150 ms to collect, 10-15 s of it 20-50 ms."""
        self._ticks += 1
        quiet = time.monotonic() - self._last_key >= FULL_GC_QUIET_S
        if (self._ticks >= FULL_GC_TICKS and quiet) or self._ticks >= FULL_GC_MAX_TICKS:
            self._ticks = 0
            gc.collect()

    def _tick(self) -> None:
        self._collect_garbage()
        self._journal_measures()
        self._refresh_banners()
        self._show_journal()
        if self.screen is self.checklist:
            self.checklist.refresh_view()

    def _show_journal(self) -> None:
        """The incident's journaled actions and notes not yet in the event log."""
        if self.session is not None and self.is_screen_installed("dashboard"):
            self._dashboard().show_journal(self.session.events)

    async def action_show(self, name: str) -> None:
        """Show a screen; the dashboard with the journal's latest lines at once (not on the
        next tick)."""
        if name == "dashboard":
            self._show_journal()
        await super().action_show(name)

    async def _follow(self, session: IncidentSession) -> None:
        """Apply what another console appends to the watched journal, live.

        An error (journal removed, a line that is not an event) must not take the watcher's
        dashboard down: it is reported and following resumes after a growing wait, a
        bounded number of times in a row.
        """
        from console.backends.drill_journal import replay_followed
        from console.journal.follow import follow

        assert session.path is not None
        failures = 0
        while True:
            try:
                async for event in follow(session.path, after_seq=session.state.last_seq):
                    failures = 0
                    if session.apply(event):
                        replay_followed(self.drill, event)
                        self.checklist.refresh_view()
            except Exception as exc:  # any failure: report it, keep the TUI up
                if failures >= len(self.FOLLOW_RETRY_S):
                    self.notify(f"following stopped for good: {exc}",
                                title="Journal", severity="error", timeout=60)
                    return
                wait = self.FOLLOW_RETRY_S[failures]
                failures += 1
                self.notify(f"following stopped: {exc} (retrying in {wait:g} s)",
                            title="Journal", severity="error")
                await asyncio.sleep(wait)

    def _log_console(self, text: str) -> None:
        """A line in the event log about something this console did."""
        if self.is_screen_installed("dashboard"):
            self._dashboard().record_console(text)

    def _dashboard(self) -> DashboardScreen:
        from screens.dashboard.screen import DashboardScreen

        dashboard = self.get_screen("dashboard")
        assert isinstance(dashboard, DashboardScreen)
        return dashboard

    def _objectives(self) -> ObjectivesScreen:
        from screens.objectives.screen import ObjectivesScreen

        objectives = self.get_screen("objectives")
        assert isinstance(objectives, ObjectivesScreen)
        return objectives

    def _forward(self, reading: Reading[Any]) -> None:
        self.post_message(ReadingReceived(reading))

    def on_reading_received(self, message: ReadingReceived) -> None:
        self.live = self.monitor.live()

    def watch_live(self, live: LiveState | None) -> None:
        """Hand the one live state down to every screen that renders it."""
        if live is None or not self.is_screen_installed("dashboard"):
            return
        self._dashboard().show_live(live)
        self._objectives().view.show_statuses(live.verdicts.objectives)
        self.comms.verdicts = live.verdicts
        self._journal_measures()
        self._refresh_banners()
        if self.screen is self.checklist:
            self.checklist.refresh_view()

    def _journal_measures(self) -> None:
        """Journal the judge's changed RTO/RPO verdicts (and the RPO exposure when a
        failover is requested) while an incident is open: reports measure from them.
        Then let PagerDuty follow the incident (a worker: a slow channel never blocks)."""
        from console.errors import InputError
        from console.incident.session import SessionRefused
        from console.reports.measures import pending_measures

        session, live = self.session, self.live
        if session is None or live is None or session.read_only:
            return
        state = session.state
        if not state.id:
            return
        try:
            if not state.resolved:
                for event in pending_measures(self.plan, session.events, live.verdicts):
                    session.record(event)
        except (SessionRefused, InputError, OSError) as exc:
            self.notify(f"measurement not journaled: {exc}", severity="error")
            return
        if self.desk.pages_due(session):
            self.run_worker(self.desk.follow_pager(session, live.verdicts), group="pager",
                            exit_on_error=False)
