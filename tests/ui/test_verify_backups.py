"""``b`` (and the palette's "Verify backups") runs ``backups verify`` in the background,
read-only included (it only reads the stores), records it in the maintenance journal and
says so in the event log; a drill has no store to verify. Keys only, a real NAS store."""

from __future__ import annotations

from pathlib import Path

from console.config.models import BackupStoreSettings, Mode
from console.config.settings import Settings
from console.journal.events import BackupsVerified
from console.maintenance.journal import read_events
from console.plan import load_plan
from console.shell.app import RecoveryConsoleApp, make_app
from screens.dashboard.events import EventLog
from tests.ui.test_palette import offered


def _console(tmp_path: Path, mode: Mode) -> RecoveryConsoleApp:
    nas = tmp_path / "nas"
    nas.mkdir()
    settings = Settings(mode=mode, operator="watcher", journal_dir=tmp_path / "journal",
                        backups=(BackupStoreSettings(target="nas", kind="nas", path=nas),))
    return make_app(settings, load_plan(), autostart=False)


async def test_b_verifies_in_the_background_and_records_it(tmp_path: Path) -> None:
    app = _console(tmp_path, Mode.READ_ONLY)
    async with app.run_test(size=(120, 40)) as pilot:
        assert "Verify backups  b" in await offered(pilot, "verify")
        await pilot.press("escape")
        await pilot.press("b")
        log = app.get_screen("dashboard").query_one(EventLog)
        assert any(e.text == "backups verify: started" for e in log.entries)
        for _ in range(200):  # the worker reads the store in a thread
            done = [e for e in log.entries if e.text.startswith("backups verify: ")
                    and e.text != "backups verify: started"]
            if done:
                break
            await pilot.pause(0.05)
        assert done and done[0].kind == "console"
        recorded = [e for e in read_events(tmp_path / "journal")
                    if isinstance(e, BackupsVerified)]
        assert len(recorded) == 1 and recorded[0].operator == "watcher"
        nas_cells = [c for c in recorded[0].cells if c.target == "nas"]
        assert nas_cells and all(c.status != "verified" for c in nas_cells)  # empty store
        assert f"0 of {len(recorded[0].cells)} verified" in done[0].text


async def test_a_drill_has_nothing_to_verify(build_app) -> None:  # type: ignore[no-untyped-def]
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        assert not [t for t in await offered(pilot, "verify") if t.startswith("Verify")]
        await pilot.press("escape", "b")
        await pilot.pause()
        said = [n.message for n in app._notifications]
        assert any("simulated: there is no store to verify" in m for m in said)
        log = app.get_screen("dashboard").query_one(EventLog)
        assert not any(e.text.startswith("backups verify") for e in log.entries)


def test_the_tui_loads_no_backup_sdk_until_a_verification_runs(tmp_path: Path) -> None:
    """``b`` is in the app, its machinery (boto3, the Azure SDK) is not: start-up stays
    light (imported in a fresh interpreter; the drill's app is what ``drill`` starts)."""
    from tests.unit.test_startup_imports import heavy_in, loaded_after

    modules, done = loaded_after("import console.shell.app\nreport(PATH)\n", tmp_path)
    assert done.returncode == 0, done.stderr
    assert "screens.app.backups" in modules
    assert not [m for m in heavy_in(modules) if m.split(".")[0] in ("boto3", "botocore",
                                                                    "s3transfer", "azure")]
