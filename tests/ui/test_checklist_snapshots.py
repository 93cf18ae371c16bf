"""Snapshots of the checklist (key ``c``) on a frozen datacenter-failure drill.

Each picture is of a state the operator must read at a glance: a fresh incident, a step
whose check fails, a finished phase, the drill's results; the first, second and last at
80x24 (the SSH window: one fact per line, cut with an ellipsis, never wrapped mid-line),
120x40 and 200x60 (the width used). The modals are in test_modal_snapshots.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from console.shell.app import RecoveryConsoleApp
from tests.ui.checklist_rig import (
    SIZE,
    at,
    build,
    declare,
    finish_phase,
    fixed_ids,
    session_of,
    settle,
)


@pytest.fixture(autouse=True)
def _stable_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    fixed_ids(monkeypatch)


def _app(pilot: Pilot[int]) -> RecoveryConsoleApp:
    assert isinstance(pilot.app, RecoveryConsoleApp)
    return pilot.app


SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 60)],
                                ids=["80x24", "120x40", "200x60"])


@SIZES
def test_fresh_incident(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    async def run(pilot: Pilot[int]) -> None:
        await at(_app(pilot), 3)
        await declare(pilot)

    assert snap_compare(build(tmp_path), terminal_size=size, run_before=run)


async def _to_failing_check(pilot: Pilot[int]) -> None:
    app = _app(pilot)
    await at(app, 3)
    await declare(pilot)
    for _ in range(3):
        await pilot.press("space")
    await at(app, 7)
    await pilot.press(*["right_square_bracket"] * 4)  # to Recovery Verification
    await settle(pilot)


@SIZES
def test_mid_phase_with_failing_check(snap_compare, tmp_path: Path,
                                      size: tuple[int, int]) -> None:
    assert snap_compare(build(tmp_path), terminal_size=size, run_before=_to_failing_check)


def test_phase_complete(snap_compare, tmp_path: Path) -> None:
    async def run(pilot: Pilot[int]) -> None:
        app = _app(pilot)
        await at(app, 3)
        await declare(pilot)
        for minute in range(9):
            await at(app, 4 + minute)
            await pilot.press("space")
        await settle(pilot)

    assert snap_compare(build(tmp_path), terminal_size=SIZE, run_before=run)


@SIZES
def test_resolved_with_drill_results(snap_compare, tmp_path: Path,
                                     size: tuple[int, int]) -> None:
    async def run(pilot: Pilot[int]) -> None:
        app = _app(pilot)
        await at(app, 3)
        await declare(pilot)
        await at(app, 15)
        finish_phase(app, "assessment")
        finish_phase(app, "configuration")
        await at(app, 40)
        for phase in ("manual-failover", "application-recovery", "verification",
                      "post-recovery"):
            finish_phase(app, phase, "skip")
        await pilot.press("R")
        await pilot.pause()
        await pilot.press(*"tabletop complete", "enter")
        await settle(pilot)
        assert session_of(app).state.resolved

    assert snap_compare(build(tmp_path), terminal_size=size, run_before=run)


def test_step_with_notes(snap_compare, tmp_path: Path) -> None:
    """A note on the highlighted step and one on the incident, read back under the step at
    the SSH window's size (times on the frozen drill clock)."""
    async def run(pilot: Pilot[int]) -> None:
        await at(_app(pilot), 3)
        await declare(pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"paged the dba, no answer yet", "enter")
        await settle(pilot)
        session_of(_app(pilot)).note("bridge call opened")
        _app(pilot).checklist.refresh_view()
        _app(pilot).clear_notifications()  # the "Note journaled" toast would hide them
        await settle(pilot)

    assert snap_compare(build(tmp_path), terminal_size=(80, 24), run_before=run)
