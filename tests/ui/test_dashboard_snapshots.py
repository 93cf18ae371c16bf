"""Snapshots of the dashboard in each scenario, at both terminal sizes and in each theme."""

from __future__ import annotations

import pytest

from tests.ui.test_dashboard_fixtures import (
    backups_overdue,
    harness,
    healthy,
    lag_breach,
    primary_down,
    source_failing,
)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_healthy(snap_compare, size: tuple[int, int]) -> None:
    assert snap_compare(harness(healthy()), terminal_size=size)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_primary_down(snap_compare, size: tuple[int, int]) -> None:
    assert snap_compare(harness(primary_down()), terminal_size=size)


def test_lag_breaching_rpo(snap_compare) -> None:
    assert snap_compare(harness(lag_breach()), terminal_size=(160, 48))


def test_backups_overdue(snap_compare) -> None:
    assert snap_compare(harness(backups_overdue()), terminal_size=(160, 48))


def test_source_failing_and_stale(snap_compare) -> None:
    assert snap_compare(harness(source_failing()), terminal_size=(160, 48))


@pytest.mark.parametrize("theme", ["light", "high-contrast"])
def test_themes(snap_compare, theme: str) -> None:
    assert snap_compare(harness(primary_down(), theme=theme), terminal_size=(160, 48))


def test_details_modal(snap_compare) -> None:
    assert snap_compare(harness(primary_down()), terminal_size=(120, 36), press=["enter"])
