"""Notes are read back where the operator works: `n` journals a note on the highlighted
step, the step's detail shows it (and no other step's), notes on the incident as a whole
show under every step, and a resumed console folds them the same way."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from console.journal.events import Note
from screens.checklist.screen import ChecklistScreen
from tests.ui.checklist_rig import SIZE, answer, at, build, declare, session_of, settle


def _notes_text(app: object) -> str:
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, ChecklistScreen)
    return str(screen.query_one("#step-notes", Static).render())


async def test_a_note_shows_with_its_step_and_survives_a_resume(tmp_path: Path) -> None:
    journal = tmp_path / "journal"
    app = build(journal)
    async with app.run_test(size=SIZE) as pilot:
        await at(app, 3)
        await declare(pilot)
        assert isinstance(app.screen, ChecklistScreen)
        first = app.screen.selected_step_id()
        assert first is not None
        await pilot.press("n")
        await answer(pilot, "paged the dba")
        assert "Notes on this step (1):" in _notes_text(app)
        assert "test-operator: paged the dba" in _notes_text(app)
        await pilot.press("down")
        await pilot.pause()
        assert app.screen.selected_step_id() != first
        assert "paged the dba" not in _notes_text(app)  # another step's note
        session = session_of(app)
        session.note("bridge call opened")  # a note on the incident as a whole (plays...)
        app.checklist.refresh_view()
        await settle(pilot)
        assert "Incident notes (newest):" in _notes_text(app)
        assert "bridge call opened" in _notes_text(app)
        notes = [e for e in session.events if isinstance(e, Note)]
        assert [(n.text, n.step) for n in notes] == [("paged the dba", first),
                                                      ("bridge call opened", None)]
        path = session.path
    resumed = build(journal, resume=path)
    async with resumed.run_test(size=SIZE) as pilot:
        await at(resumed, 4)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(resumed.screen, ChecklistScreen)
        state = session_of(resumed).state
        assert [(n.text, n.step) for n in state.notes] == [("paged the dba", first),
                                                            ("bridge call opened", None)]
