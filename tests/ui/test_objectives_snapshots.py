"""Snapshots of the objectives screen (key ``o``): targets, live status and evidence."""

from __future__ import annotations

from datetime import timedelta

import pytest

from console.config.models import Mode, ThemeName
from tests.ui.conftest import polled


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_objectives_screen_steady(snap_compare, build_app, size: tuple[int, int]) -> None:
    assert snap_compare(build_app(), terminal_size=size, run_before=polled(timedelta(0), "o"))


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 60)],
                         ids=["80x24", "120x40", "200x60"])
def test_objectives_during_datacenter_failure(snap_compare, build_app,
                                              size: tuple[int, int]) -> None:
    """Long evidence: cut with … at 80x24, the width used at 120 and 200 columns."""
    app = build_app(scenario="datacenter-failure")
    assert snap_compare(app, terminal_size=size,
                        run_before=polled(timedelta(minutes=10), "o"))


def test_objectives_before_any_poll_are_unknown(snap_compare, build_app) -> None:
    async def show(pilot) -> None:
        await pilot.press("o")

    assert snap_compare(build_app(), terminal_size=(120, 30), run_before=show)


@pytest.mark.parametrize("theme", [ThemeName.LIGHT, ThemeName.HIGH_CONTRAST])
def test_objectives_screen_themes(snap_compare, build_app, theme: ThemeName) -> None:
    app = build_app(theme=theme, scenario="datacenter-failure")
    assert snap_compare(app, terminal_size=(160, 48),
                        run_before=polled(timedelta(minutes=10), "o"))


@pytest.mark.parametrize("mode", [Mode.INCIDENT, Mode.READ_ONLY])
def test_mode_banner(snap_compare, build_app, mode: Mode) -> None:
    """Real modes have no live sources in this build: everything stays UNKNOWN."""
    assert snap_compare(build_app(mode=mode), terminal_size=(100, 30),
                        run_before=polled(timedelta(0)))
