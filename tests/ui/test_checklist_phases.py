"""The checklist's phase keys and the safety nets, driven by keys: open an optional phase
(O), reclassify (P), resolve with work left (R asks why), quit with an incident open (q
asks). Each change must be in the journal, as the session recorded it.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from console.incident.session import IncidentSession
from console.journal.events import Classified, PhaseOpened, Resolved
from console.journal.read import read_journal
from screens.checklist.pick import PickModal, QuitModal
from screens.modals.classify import ClassifyModal
from screens.modals.reason import ReasonModal
from tests.ui.checklist_rig import SIZE, answer, at, build, declare, session_of, settle


async def test_an_optional_phase_opens_from_the_checklist(tmp_path: Path) -> None:
    app = build(tmp_path / "journal")
    async with app.run_test(size=SIZE) as pilot:
        await at(app, 3)
        await declare(pilot)
        await pilot.press("O")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, PickModal)
        listed = [str(o.id) for o in modal.query_one(OptionList).options]
        assert listed == ["automated-failover", "postgres-recovery", "redis-recovery",
                          "rollback"]  # what P1 did not open, in plan order
        await pilot.press("down", "down", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReasonModal)
        await answer(pilot, "DR unstable: prepare the way back")
        state = session_of(app).state
        assert state.phase("rollback") is not None
        assert app.checklist.phase_id == "rollback"  # the checklist shows what was opened
        assert app.checklist.selected_step_id() == "rollback-initiate"
        await pilot.press("s")  # its steps can be worked now
        await answer(pilot, "primary still dark")
        step = session_of(app).state.step("rollback-initiate")
        assert step is not None and step.finished
    events = read_journal(session_of(app).path).events  # type: ignore[arg-type]
    opened = [(e.phase, e.reason) for e in events if isinstance(e, PhaseOpened)]
    assert opened == [("rollback", "DR unstable: prepare the way back")]


async def test_reclassify_raises_the_severity_and_opens_its_phases(tmp_path: Path) -> None:
    app = build(tmp_path / "journal")
    async with app.run_test(size=SIZE) as pilot:
        await at(app, 3)
        await declare(pilot, severity_downs=2)  # P3: local recovery
        assert "manual-failover" not in [p.id for p in session_of(app).state.phases]
        await pilot.press("P")
        await pilot.pause()
        assert isinstance(app.screen, ClassifyModal)
        await pilot.press("enter")  # P1, the first row
        await pilot.pause()
        assert isinstance(app.screen, ReasonModal)
        await answer(pilot, "the whole datacenter is gone")
        state = session_of(app).state
        path = session_of(app).path
    assert state.severity == "P1"
    assert "manual-failover" in [p.id for p in state.phases]
    assert "redis-recovery" not in [p.id for p in state.phases]  # untouched P3 phase closed
    assert path is not None
    events = read_journal(path).events
    assert [(e.severity, e.reason) for e in events if isinstance(e, Classified)] == [
        ("P3", ""), ("P1", "the whole datacenter is gone")]
    watcher = IncidentSession.watch(app.context, path)  # a follower folds the same
    assert watcher.state.phases == state.phases and watcher.state.severity == "P1"


async def test_resolve_with_unfinished_phases_asks_why(tmp_path: Path) -> None:
    app = build(tmp_path / "journal")
    async with app.run_test(size=SIZE) as pilot:
        await at(app, 3)
        await declare(pilot)
        await pilot.press("R")
        await answer(pilot, "tabletop ended")  # the summary
        assert isinstance(app.screen, ReasonModal)  # then: why resolve with work left?
        await pilot.press("escape")
        await settle(pilot)
        assert not session_of(app).state.resolved  # no reason, nothing resolved
        await pilot.press("R")
        await answer(pilot, "tabletop ended")
        await answer(pilot, "time is up; the rest is homework")
        state = session_of(app).state
    assert state.resolved
    last = read_journal(session_of(app).path).events[-1]  # type: ignore[arg-type]
    assert isinstance(last, Resolved) and last.summary == "tabletop ended"
    assert last.unfinished_reason == "time is up; the rest is homework"
    assert "manual-failover" in last.unfinished


async def test_quit_with_an_open_incident_asks_first(tmp_path: Path) -> None:
    app = build(tmp_path / "journal")
    async with app.run_test(size=SIZE) as pilot:
        await at(app, 3)
        await declare(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, QuitModal)
        await pilot.press("enter")  # the default: stay
        await pilot.pause()
        assert app.return_code is None and not isinstance(app.screen, QuitModal)
        await pilot.press("q")  # asked again
        await pilot.pause()
        assert isinstance(app.screen, QuitModal)
        await pilot.press("q")  # q again quits
        await pilot.pause()
        assert app.return_code == 0
    assert not session_of(app).state.resolved  # the incident stays open, in its journal


async def test_quit_without_an_incident_is_immediate(tmp_path: Path) -> None:
    app = build(tmp_path / "journal")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code == 0
