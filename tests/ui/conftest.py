"""UI fixtures: the real app from ``make_app()``, on the built-in plan, with fixed settings."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from console.app import RecoveryConsoleApp, make_app
from console.config_models import Mode, ThemeName
from console.plan import load_plan
from console.settings import Settings


@pytest.fixture
def build_app() -> Callable[..., RecoveryConsoleApp]:
    """An app whose operator and paths do not depend on the machine (snapshots stay stable)."""

    def build(mode: Mode = Mode.DRILL, theme: ThemeName = ThemeName.DARK) -> RecoveryConsoleApp:
        settings = Settings(mode=mode, theme=theme, operator="test-operator")
        return make_app(settings, load_plan())

    return build
