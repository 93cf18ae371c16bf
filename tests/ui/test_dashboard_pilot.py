"""Keyboard and state behaviour of the dashboard, driven through Textual's Pilot."""

from __future__ import annotations

from textual.widgets import DataTable, Static

from screens.dashboard.backups import BackupsPane
from screens.dashboard.events import EventLog
from screens.dashboard.replication import ReplicationPane
from screens.dashboard.site_card import SiteCard
from screens.dashboard.sites import SitesPane
from screens.modals.details import DetailsScreen
from screens.style import Level
from screens.widgets.state_line import StateLine
from tests.ui.test_dashboard_fixtures import (
    BROKEN_POD,
    NOW,
    backups,
    fresh,
    harness,
    healthy,
    lag_breach,
    pg_standby,
    primary_down,
    source_failing,
    stale,
)


async def test_tab_moves_between_panes() -> None:
    app = harness(healthy())
    async with app.run_test(size=(80, 24)) as pilot:
        order = []
        for _ in range(6):
            assert app.focused is not None
            order.append(app.focused.id)
            await pilot.press("tab")
        assert order == ["site-primary", "site-dr", "replication", "backups",
                         "objectives-pane", "events"]
        assert app.focused is not None and app.focused.id == "site-primary"
        await pilot.press("shift+tab")
        assert app.focused is not None and app.focused.id == "events"


async def test_enter_on_a_site_opens_its_details_and_escape_closes() -> None:
    app = harness(primary_down())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, DetailsScreen)
        pods = app.screen.query_one("#details-pods", DataTable)
        assert BROKEN_POD.name in [str(pods.get_row_at(i)[1]) for i in range(pods.row_count)]
        await pilot.press("escape")
        assert app.screen is app.dashboard


async def test_details_follow_the_focused_site() -> None:
    app = harness(primary_down())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("tab", "enter")
        assert isinstance(app.screen, DetailsScreen)
        assert app.screen.site.value == "dr"
        # Nothing in trouble: said in words, never an empty table that reads as a blank.
        assert not app.screen.query("#details-pods")
        no_pods = str(app.screen.query_one("#details-no-pods", Static).render())
        assert no_pods.startswith("Pods: none not ready or restarting"), no_pods


async def test_unknown_readings_are_never_green() -> None:
    app = harness(source_failing())
    async with app.run_test(size=(160, 48)):
        backups = app.dashboard.query_one(BackupsPane)
        levels = [line.level for line in backups.grid.cells.values()]
        assert Level.UNKNOWN in levels and Level.OK not in levels
        # The streams under the matrix are judged from their own (fresh) sources, never
        # from the stale listing: PostgreSQL answers, so its archiver line is judged.
        wal = backups.query_one("#backups-wal", StateLine)
        assert wal.text.startswith("WAL archiving (primary):") and "backups" not in wal.text
        status = backups.query_one("#backups-status", StateLine)
        assert "stale 1m10s: timeout after 4s" in status.text
        assert status.level is Level.UNKNOWN and not status.has_class("-ok")
        dr_health = app.dashboard.query_one("#site-dr", SiteCard).line("health")
        assert dr_health.level is Level.UNKNOWN
        verdict = app.dashboard.query_one(ReplicationPane).line("redis-verdict")
        assert verdict.level is Level.UNKNOWN


async def test_a_reading_going_stale_turns_green_to_unknown_and_is_logged() -> None:
    app = harness(healthy())
    async with app.run_test(size=(160, 48)) as pilot:
        pane = app.dashboard.query_one(ReplicationPane)
        assert pane.line("postgres-verdict").level is Level.OK
        app.feed(stale("postgres/dr", pg_standby(observed=30), "timeout after 4s"))
        await pilot.pause()
        verdict = pane.line("postgres-verdict")
        assert verdict.level is Level.UNKNOWN
        assert "dr stale 30s: timeout after 4s" in verdict.text
        log = app.dashboard.query_one(EventLog)
        assert any("PostgreSQL replication: met -> unknown" in entry.text for entry in log.entries)
        app.feed(fresh("postgres/dr", pg_standby()))
        await pilot.pause()
        assert pane.line("postgres-verdict").level is Level.OK
        since = [entry.text for entry in log.entries]
        since = since[since.index("postgres/dr: not answering -> answering"):]
        assert any(text.startswith("PostgreSQL replication: unknown -> met") for text in since)


async def test_lag_beyond_the_rpo_is_breached() -> None:
    app = harness(lag_breach())
    async with app.run_test(size=(160, 48)):
        pane = app.dashboard.query_one(ReplicationPane)
        verdict = pane.line("postgres-verdict")
        assert verdict.level is Level.BREACHED and verdict.has_look("alarm")
        assert "loses 1.2 GiB / 7m15s of writes > RPO 5m" in verdict.text
        assert pane.line("redis-verdict").level is Level.AT_RISK


async def test_primary_down_marks_the_site() -> None:
    app = harness(primary_down())
    async with app.run_test(size=(160, 48)):
        sites = app.dashboard.query_one(SitesPane)
        primary = sites.query_one("#site-primary", SiteCard)
        assert primary.line("health").level is Level.BREACHED
        assert primary.line("cluster").level is Level.UNKNOWN
        assert primary.line("dns").level is Level.BREACHED
        assert not primary.line("postgres").has_look("writable")
        assert sites.query_one("#site-dr", SiteCard).line("health").level is Level.OK


async def test_event_log_is_capped_newest_last() -> None:
    app = harness(healthy())
    async with app.run_test(size=(80, 24)):
        log = app.dashboard.query_one(EventLog)
        for i in range(log.max_events + 5):
            log.record(f"event {i}", NOW)
        assert len(log.entries) == log.max_events
        assert log.entries[-1][1] == f"event {log.max_events + 4}"
        assert log.entries[0][1] == "event 5"


async def test_a_store_nobody_configured_is_not_reported_missing() -> None:
    only_s3 = backups()
    only_s3 = only_s3.model_copy(update={"entries": tuple(
        e for e in only_s3.entries if e.target == "s3-region-1")})
    readings = [r for r in healthy() if r.source != "backups"]
    app = harness([*readings, fresh("backups", only_s3)])
    async with app.run_test(size=(160, 48)):
        grid = app.screen.query_one(BackupsPane).grid
        s3 = grid.cell("postgres-full", "s3-region-1")
        nas = grid.cell("postgres-full", "nas")
        assert s3.level is Level.OK
        assert (nas.text, nas.level) == ("n/c", Level.INFO)
