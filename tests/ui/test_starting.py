"""The console on screen before its runtime: the frame first, then the dashboard.

The plain ``recovery-console`` hands the app a function that builds the runtime; the app
draws :class:`~screens.starting.StartingScreen` (the dashboard's panes, each loading) and
builds it in a thread. Here the build is held until the test has looked: the frame claims
nothing, keys that need the plan do nothing yet (``q`` still leaves), and bad input found
while starting ends the app with its one line and exit code 2.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Static

from console.backends.drill_plan import drill_plan
from console.backends.monitor import DRILL_EPOCH
from console.config.models import Mode, ThemeName
from console.config.settings import Settings
from console.errors import InputError
from console.plan import load_plan
from console.shell.app import RecoveryConsoleApp
from console.shell.starting import Started, start
from screens.dashboard.screen import DashboardScreen
from screens.starting import PANES, StartingScreen
from services.clock import FrozenClock
from services.drill import DrillEnvironment

PLAN = load_plan()
SIZES = pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])


def held_start(journal_dir: Path, release: threading.Event,
               theme: ThemeName = ThemeName.DARK) -> Callable[[], Started]:
    """A steady drill's runtime, built once ``release`` is set (in the app's thread)."""

    def build() -> Started:
        assert release.wait(30), "the test never released the start"
        settings = Settings(mode=Mode.DRILL, operator="test-operator", theme=theme,
                            journal_dir=journal_dir)
        drill = DrillEnvironment(FrozenClock(DRILL_EPOCH), seed=0, scenario="steady",
                                 plan=drill_plan(PLAN))
        return start(settings, PLAN, drill=drill)

    return build


def frame_text(app: RecoveryConsoleApp) -> str:
    return "\n".join(str(static.render()) for static in app.screen.query(Static))


async def test_the_frame_comes_first_claims_nothing_then_the_dashboard_replaces_it(
        tmp_path: Path) -> None:
    release = threading.Event()
    app = RecoveryConsoleApp(held_start(tmp_path, release, ThemeName.HIGH_CONTRAST),
                             autostart=False)
    try:
        async with app.run_test(size=(160, 48)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, StartingScreen)
            assert not app.started
            titles = [str(pane.border_title) for pane in app.screen.query(".starting-pane")]
            assert titles == list(PANES)
            text = frame_text(app)
            assert "loading" in text
            for claim in ("SERVING", "OK", "MET", "WRITABLE", "healthy"):
                assert claim not in text, claim
            # Keys do nothing yet but q (no error, no modal left under the dashboard, no
            # theme the config's would override, no incident).
            theme = app.theme
            await pilot.press("i", "d", "o", "c", "F", "colon", "question_mark", "t")
            await pilot.pause()
            assert isinstance(app.screen, StartingScreen)
            assert len(app.screen_stack) == 2 and app.theme == theme
            assert app.session is None
            release.set()
            await app.workers.wait_for_complete()
            for _ in range(5):
                await pilot.pause()
                if isinstance(app.screen, DashboardScreen):
                    break
            assert isinstance(app.screen, DashboardScreen)
            assert app.started
            assert gc.isenabled()  # off while the runtime was built, on again once it is up
            assert app.sub_title == f"{PLAN.plan.title} {PLAN.plan.version}"
            assert app.theme == "rc-high-contrast"  # the config's theme, once it is read
            await pilot.press("o")  # the plan's keys act now
            await pilot.pause()
            assert app.screen is app.get_screen("objectives")
    finally:
        release.set()


async def test_q_leaves_while_starting(tmp_path: Path) -> None:
    release = threading.Event()
    app = RecoveryConsoleApp(held_start(tmp_path, release), autostart=False)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, StartingScreen)
            await pilot.press("q")
            await pilot.pause()
            assert not app.is_running
        assert gc.isenabled()  # the collector is back even though the build never ended
    finally:
        release.set()
    assert app.return_code in (None, 0)
    assert app.start_error is None


async def test_bad_input_found_while_starting_ends_with_its_line_and_exit_2(
        tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    error = InputError(config, "Input should be a valid number", field="drill.speed")

    def build() -> Started:
        raise error

    app = RecoveryConsoleApp(build)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.return_code == 2
    assert app.start_error == str(error)
    assert "drill.speed" in str(error) and str(config) in str(error)


async def test_a_bug_while_starting_is_raised_after_the_app_not_drawn_in_it(
        tmp_path: Path) -> None:
    """Not bad input but a bug: the app ends (exit 1) and hands the exception to the CLI,
    which raises it once the terminal is back (a plain traceback, no locals printed)."""
    failure = RuntimeError("a bug in the start")

    def build() -> Started:
        raise failure

    app = RecoveryConsoleApp(build)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.return_code == 1
    assert app.start_failure is failure and app.start_error is None


@SIZES
def test_starting_snapshot(snap_compare: Callable[..., bool], tmp_path: Path,
                           size: tuple[int, int]) -> None:
    release = threading.Event()
    try:
        assert snap_compare(RecoveryConsoleApp(held_start(tmp_path, release), autostart=False),
                            terminal_size=size)
    finally:
        release.set()
