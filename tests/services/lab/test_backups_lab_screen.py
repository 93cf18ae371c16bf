"""On the lab, the Backups pane follows ``backups verify``: the console opened on the lab's
config polls the maintenance journal, and once the operator has run the daily
verification (a headless command, as from cron) every cell it verified shows ✓, the
calendar has the daily verification done, and the RPO rows rest on verified backups."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from console.config.bootstrap import load_all
from console.shell.app import make_app
from screens.dashboard.backups import BackupsPane
from screens.widgets.state_line import StateLine
from tests.services.lab.conftest import Lab

STORES = ("s3-region-1", "s3-region-2", "azure-region-1", "azure-region-2", "nas")


async def test_after_backups_verify_the_pane_shows_verified(
        lab_env: Lab, run_cli: Callable[..., Any]) -> None:
    loaded = load_all(lab_env.config, required=True)
    verified = run_cli("--config", str(lab_env.config), "backups", "verify")
    assert verified.code == 0, verified.out + verified.err
    app = make_app(loaded.settings, loaded.plan, autostart=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await app.monitor.poller.poll_once()
        await pilot.pause()
        pane = app.screen.query_one(BackupsPane)
        cells = {(c.component, c.target): c for c in pane.data.cells} if pane.data else {}
        full = [cells[("postgres-full", s)] for s in STORES]
        assert all(c.trust is not None and c.trust.value == "verified" for c in full), [
            (c.target, c.trust_reason) for c in full]
        for store in STORES:
            line = pane.grid.cell("postgres-full", store)
            assert line.text.endswith("✓"), (store, line.text)
        assert "✓ verified" in pane.query_one("#backups-status", StateLine).text
        live = app.live
        assert live is not None and live.verdicts.maintenance is not None
        daily = next(t for t in live.verdicts.maintenance
                     if t.task.id == "daily-verify-backup-integrity")
        assert daily.state.value == "done"
        await pilot.press("u")
        summary = app.screen.query_one("#maintenance-summary", StateLine)
        assert "overdue" in summary.text and "done" in summary.text
