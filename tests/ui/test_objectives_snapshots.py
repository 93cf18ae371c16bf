"""Snapshots of the first screen: the plan's objectives, at 80x24 and 160x48."""

from __future__ import annotations

import pytest

from console.config_models import Mode, ThemeName


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_objectives_screen(snap_compare, build_app, size: tuple[int, int]) -> None:
    assert snap_compare(build_app(), terminal_size=size)


@pytest.mark.parametrize("theme", [ThemeName.LIGHT, ThemeName.HIGH_CONTRAST])
def test_objectives_screen_themes(snap_compare, build_app, theme: ThemeName) -> None:
    assert snap_compare(build_app(theme=theme), terminal_size=(100, 30))


@pytest.mark.parametrize("mode", [Mode.INCIDENT, Mode.READ_ONLY])
def test_mode_banner(snap_compare, build_app, mode: Mode) -> None:
    assert snap_compare(build_app(mode=mode), terminal_size=(100, 30))


def test_help_panel(snap_compare, build_app) -> None:
    assert snap_compare(build_app(), terminal_size=(120, 30), press=["question_mark"])
