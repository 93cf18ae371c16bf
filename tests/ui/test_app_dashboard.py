"""The whole app on the drill environment: the dashboard a ``make run`` operator sees."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets import DataTable

from console.live.readings import Freshness
from console.shell.app import RecoveryConsoleApp
from screens.dashboard.replication import ReplicationPane
from screens.dashboard.screen import DashboardScreen
from tests.ui.conftest import polled, replay

SIZES = [(80, 24), (120, 40), (160, 48), (200, 60)]
SIZE_IDS = [f"{w}x{h}" for w, h in SIZES]


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_app_dashboard_steady(snap_compare, build_app, size: tuple[int, int]) -> None:
    assert snap_compare(build_app(), terminal_size=size, run_before=polled(timedelta(0)))


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 60)], ids=["80x24", "120x40",
                                                                         "200x60"])
def test_app_dashboard_mid_incident(snap_compare, build_app, size: tuple[int, int],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Datacenter failure 10 minutes in, a P1 declared by keys (the declaration in the
    events), back on the dashboard."""
    monkeypatch.setattr("console.incident.session.new_incident_id",
                        lambda now: f"INC-{now:%Y%m%d-%H%M}-snap")  # not a random token
    app = build_app(scenario="datacenter-failure")
    keys = ("i", *"primary datacenter down", "enter", "enter", "d")
    assert snap_compare(app, terminal_size=size,
                        run_before=polled(timedelta(minutes=10), *keys))


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_app_dashboard_datacenter_failure(snap_compare, build_app,
                                          size: tuple[int, int]) -> None:
    app = build_app(scenario="datacenter-failure")
    assert snap_compare(app, terminal_size=size, run_before=polled(timedelta(minutes=10)))


async def test_readings_reach_the_dashboard_and_objectives(build_app) -> None:
    app: RecoveryConsoleApp = build_app(scenario="datacenter-failure")
    async with app.run_test(size=(120, 40)) as pilot:
        await replay(app, timedelta(minutes=10))
        await pilot.pause()
        dashboard = app.screen
        assert isinstance(dashboard, DashboardScreen)
        assert dashboard.live is not None and dashboard.live is app.live
        assert dashboard.live.readings["postgres/primary"].freshness is Freshness.STALE
        assert dashboard.live.readings["postgres/dr"].freshness is Freshness.FRESH
        replication = dashboard.query_one(ReplicationPane).line("postgres-verdict").text
        await pilot.press("o")
        await pilot.pause()
        rpo = app.screen.query_one("#rpo-table", DataTable)
        status, evidence = rpo.get_row("database")[2:]
        assert str(status) == "AT RISK"  # the primary went dark: later writes are unknown
        assert str(evidence).startswith("standby has all the primary last reported")
        assert replication.endswith(str(evidence))  # one verdict, two screens
        await pilot.press("d")
        assert app.screen is dashboard


async def test_objectives_never_met_before_the_first_poll(build_app) -> None:
    app: RecoveryConsoleApp = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("o")
        await pilot.pause()
        for table_id in ("#rto-table", "#rpo-table", "#sla-table"):
            table = app.screen.query_one(table_id, DataTable)
            assert {str(table.get_row_at(i)[-2]) for i in range(table.row_count)} == {"UNKNOWN"}


async def test_live_polling_starts_and_stops_with_the_app(build_app) -> None:
    app: RecoveryConsoleApp = build_app()
    app.autostart = True
    async with app.run_test() as pilot:
        for _ in range(50):
            if all(r.checked_at is not None for r in app.monitor.poller.latest.values()):
                break
            await pilot.pause(0.05)
        assert all(r.checked_at is not None for r in app.monitor.poller.latest.values())
        assert app.monitor.poller.running
    assert not app.monitor.poller.running
