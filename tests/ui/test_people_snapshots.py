"""Snapshots of the people-and-paper screens at 80x24 and 160x48, on a P1 declared in a
frozen datacenter-failure drill: who to call (a hostile name shown as typed), the message
drafts, and the report preview measured to the drill's clock."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from console.shell.app import RecoveryConsoleApp
from tests.ui.checklist_rig import at, declare, fixed_ids, settle
from tests.ui.people_rig import build_people

SIZES = [(80, 24), (160, 48)]
Snap = Callable[..., bool]


@pytest.fixture(autouse=True)
def _stable_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    fixed_ids(monkeypatch)


def _declared_then(key: str) -> Callable[[Pilot[int]], Awaitable[None]]:
    async def run(pilot: Pilot[int]) -> None:
        app = pilot.app
        assert isinstance(app, RecoveryConsoleApp)
        await at(app, 3)
        await declare(pilot)
        await at(app, 10)  # the incident has run a while: the report measures to now
        await pilot.press(key)
        await settle(pilot)

    return run


@pytest.mark.parametrize("size", SIZES)
def test_contacts(snap_compare: Snap, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(build_people(tmp_path), terminal_size=size,
                        run_before=_declared_then("p"))


@pytest.mark.parametrize("size", SIZES)
def test_comms_drafts(snap_compare: Snap, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(build_people(tmp_path), terminal_size=size,
                        run_before=_declared_then("m"))


@pytest.mark.parametrize("size", SIZES)
def test_report_preview(snap_compare: Snap, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(build_people(tmp_path), terminal_size=size,
                        run_before=_declared_then("e"))
