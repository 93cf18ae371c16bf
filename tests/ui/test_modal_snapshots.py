"""Every modal at 80x24 (the operator's SSH window) and 160x48: complete and readable.

Each picture was read as text before it was accepted: nothing essential cut, what is
required said in the modal, placeholders that read as examples, no empty tables.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from console.shell.app import RecoveryConsoleApp
from services.models import Site
from tests.ui.backups_trust_fixtures import verified_world
from tests.ui.checklist_rig import at, build, declare, finish_phase, fixed_ids, session_of
from tests.ui.test_dashboard_fixtures import cluster, fresh, harness, healthy

SIZES = pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
Run = Callable[[Pilot[int]], Awaitable[None]]


@pytest.fixture(autouse=True)
def _stable_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    fixed_ids(monkeypatch)


def _app(pilot: Pilot[int]) -> RecoveryConsoleApp:
    assert isinstance(pilot.app, RecoveryConsoleApp)
    return pilot.app


async def _declared(pilot: Pilot[int]) -> None:
    """A P1 drill declared at T+3m, on the checklist."""
    await at(_app(pilot), 3)
    await declare(pilot)


def _snap(snap_compare: Callable[..., bool], tmp_path: Path, size: tuple[int, int],
          run: Run) -> bool:
    result: bool = snap_compare(build(tmp_path), terminal_size=size, run_before=run)
    return result


@SIZES
def test_declare(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    async def run(pilot: Pilot[int]) -> None:
        await at(_app(pilot), 3)
        await pilot.press("i")
        await pilot.pause()
        await pilot.press("enter")  # no title yet: the modal says what it needs
        await pilot.pause()

    assert _snap(snap_compare, tmp_path, size, run)


@SIZES
def test_classify(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    async def run(pilot: Pilot[int]) -> None:
        await at(_app(pilot), 3)
        await pilot.press("i")
        await pilot.pause()
        await pilot.press(*"primary datacenter lost", "enter")
        await pilot.pause()

    assert _snap(snap_compare, tmp_path, size, run)


@SIZES
def test_reclassify(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    async def run(pilot: Pilot[int]) -> None:
        await _declared(pilot)
        await pilot.press("P")
        await pilot.pause()

    assert _snap(snap_compare, tmp_path, size, run)


@SIZES
def test_confirm_destructive_override(snap_compare, tmp_path: Path,
                                      size: tuple[int, int]) -> None:
    """Update DNS: destructive (the site's name typed) and its gate blocks (a reason)."""

    async def run(pilot: Pilot[int]) -> None:
        app = _app(pilot)
        await _declared(pilot)
        finish_phase(app, "assessment")
        session = session_of(app)
        session.complete_step("verify-primary-status")
        session.skip_step("notify-stakeholders", "done by phone")
        await at(app, 6)
        await pilot.press(*["down"] * 4, "a")
        await pilot.pause()
        await pilot.press(*"DR checked from the bastion")
        await pilot.pause()

    assert _snap(snap_compare, tmp_path, size, run)


@SIZES
def test_quit_with_incident_open(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    async def run(pilot: Pilot[int]) -> None:
        await _declared(pilot)
        await pilot.press("q")
        await pilot.pause()

    assert _snap(snap_compare, tmp_path, size, run)


@SIZES
def test_resolve_with_phases_unfinished(snap_compare, tmp_path: Path,
                                        size: tuple[int, int]) -> None:
    async def run(pilot: Pilot[int]) -> None:
        await _declared(pilot)
        await pilot.press("R")
        await pilot.pause()
        await pilot.press(*"tabletop stopped early", "enter")
        await pilot.pause()

    assert _snap(snap_compare, tmp_path, size, run)


@SIZES
def test_open_phase(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    async def run(pilot: Pilot[int]) -> None:
        await _declared(pilot)
        await pilot.press("O")
        await pilot.pause()

    assert _snap(snap_compare, tmp_path, size, run)


@SIZES
def test_plays(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    async def run(pilot: Pilot[int]) -> None:
        await _declared(pilot)
        await pilot.press("F")
        await pilot.pause()
        await pilot.press("1")  # the failover: its steps and the gates standing now
        await pilot.pause()

    assert _snap(snap_compare, tmp_path, size, run)


@SIZES
def test_help(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    async def run(pilot: Pilot[int]) -> None:
        await _declared(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert _snap(snap_compare, tmp_path, size, run)


@SIZES
def test_step_in_full(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    async def run(pilot: Pilot[int]) -> None:
        await _declared(pilot)
        await pilot.press("v")
        await pilot.pause()

    assert _snap(snap_compare, tmp_path, size, run)


@SIZES
def test_backup_cell(snap_compare, size: tuple[int, int]) -> None:
    assert snap_compare(harness(verified_world()), terminal_size=size,
                        press=["tab", "tab", "tab", "right", "right", "right", "right",
                               "enter"])


@SIZES
def test_details_of_a_site_with_no_node_ready(snap_compare, size: tuple[int, int]) -> None:
    """0/3 nodes: no pod listed, no event; said in words, never as empty tables."""
    down = fresh("cluster/primary", cluster(Site.PRIMARY, nodes_ready=0, api_ready=0))
    assert snap_compare(harness([*healthy(), down]), terminal_size=size, press=["enter"])


@SIZES
def test_override_reason(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    """Done on a step whose check fails: the check's words, then why go ahead."""

    async def run(pilot: Pilot[int]) -> None:
        app = _app(pilot)
        await _declared(pilot)
        for _ in range(3):
            await pilot.press("space")
        await at(app, 7)
        await pilot.press(*["right_square_bracket"] * 4, "space")  # Recovery Verification
        await pilot.pause()
        await pilot.press(*"DR health verified from the bastion")
        await pilot.pause()

    assert _snap(snap_compare, tmp_path, size, run)
