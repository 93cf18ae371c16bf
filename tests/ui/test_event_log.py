"""The Events pane: ``/`` filters its lines, up/down pick one, Enter opens what it is about
(Pilot, keys only, on the dashboard harness fed readings as the poller delivers them)."""

from __future__ import annotations

from textual.widgets import Input

from screens.dashboard.event_filter import EventFilterModal
from screens.dashboard.events import EventLog
from screens.modals.backup_cell import BackupCellScreen
from screens.modals.details import DetailsScreen
from screens.modals.text_view import TextModal
from services.models import Site
from tests.ui.test_dashboard_fixtures import (
    backups,
    cluster,
    fresh,
    harness,
    healthy,
    pg_standby,
    stale,
)


async def _focus_events(pilot: object, app: object) -> EventLog:
    from textual.app import App
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot) and isinstance(app, App)
    log = app.screen.query_one(EventLog)
    for _ in range(8):
        if app.focused is log:
            break
        await pilot.press("tab")
    assert app.focused is log
    return log


async def test_slash_filters_by_kind_and_enter_opens_the_source_reading() -> None:
    app = harness(healthy())
    async with app.run_test(size=(120, 40)) as pilot:
        app.feed(stale("postgres/dr", pg_standby(observed=30), "timeout after 4s"))
        await pilot.pause()
        log = await _focus_events(pilot, app)
        kinds = {entry.kind for entry in log.entries}
        assert {"source", "change"} <= kinds
        await pilot.press("slash")
        assert isinstance(app.screen, EventFilterModal)
        await pilot.press(*"source", "enter")
        assert not isinstance(app.screen, EventFilterModal)
        shown = log.shown()
        assert shown and all(entry.kind == "source" for entry in shown)
        assert len(shown) < len(log.entries)
        assert log.border_title == f"Events /source: {len(shown)} of {len(log.entries)}"
        await pilot.press("enter")
        assert isinstance(app.screen, TextModal)
        assert app.screen.title_text == "postgres/dr"
        assert "postgres/dr: answering -> not answering" in app.screen.text
        assert "answering: stale" in app.screen.text
        assert "last error: timeout after 4s" in app.screen.text
        assert "role: standby" in app.screen.text  # the last good snapshot's fields
        await pilot.press("escape")
        await pilot.press("slash")
        field = app.screen.query_one(Input)
        assert field.value == "source"  # the current filter, to edit
        field.value = ""
        await pilot.press("enter")
        assert log.filter_text == "" and log.border_title == "Events"
        assert len(log.shown()) == len(log.entries)


async def test_words_narrow_the_lines_and_escape_keeps_the_filter() -> None:
    app = harness(healthy())
    async with app.run_test(size=(120, 40)) as pilot:
        app.feed(stale("postgres/dr", pg_standby(observed=30), "timeout after 4s"))
        await pilot.pause()
        log = await _focus_events(pilot, app)
        await pilot.press("slash", *"replication postgresql", "enter")
        assert [e.text.split(":")[0] for e in log.shown()] == ["PostgreSQL replication"]
        await pilot.press("slash", "x", "escape")
        assert log.filter_text == "replication postgresql"
        await pilot.press("slash")
        app.screen.query_one(Input).value = "nothing-like-this"
        await pilot.press("enter")
        assert log.shown() == []
        assert "no line matches /nothing-like-this" in str(log.render())


async def test_up_down_pick_a_line_cluster_lines_open_site_details_cells_their_reasons(
) -> None:
    app = harness(healthy())
    async with app.run_test(size=(120, 40)) as pilot:
        app.feed(fresh("cluster/dr", cluster(Site.DR, nodes_ready=0)))
        overdue = backups({("postgres-full", "nas"): None})
        app.feed(fresh("backups", overdue))
        await pilot.pause()
        log = await _focus_events(pilot, app)
        texts = [entry.text for entry in log.entries]
        nodes = next(i for i, t in enumerate(texts) if t.startswith("dr nodes ready: 3/3 -> 0/3"))
        cell = next(i for i, t in enumerate(texts) if t.startswith("backup postgres-full in nas"))
        assert log.selected() == log.entries[-1]  # follows the newest
        await pilot.press(*["up"] * (len(texts) - 1 - cell), "enter")
        assert isinstance(app.screen, BackupCellScreen)
        assert (app.screen.component, app.screen.target) == ("postgres-full", "nas")
        await pilot.press("escape")
        await pilot.press("home", *["down"] * nodes, "enter")
        assert isinstance(app.screen, DetailsScreen)
        assert app.screen.site is Site.DR
        await pilot.press("escape")
        log.record("a newer line", log.entries[-1].at)
        assert log.selected() == log.entries[nodes]  # a picked line stays picked
        await pilot.press("end")
        assert log.selected() == log.entries[-1]
