"""The command palette holds the console: its actions by name, with their keys, only the
ones that can act now; ``:`` jumps to a screen by name. Driven by keys, as an operator."""

from __future__ import annotations

from datetime import timedelta

from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot

from console.config.models import Mode
from screens.checklist.screen import ChecklistScreen
from screens.widgets.key_bar import KeyBar
from tests.ui.conftest import replay


async def offered(pilot: Pilot[int], query: str, opener: str = "ctrl+p") -> list[str]:
    """Open the palette, type ``query``, return the titles it offers (help lines aside)."""
    await pilot.press(opener)
    await pilot.pause()
    assert isinstance(pilot.app.screen, CommandPalette)
    await pilot.press(*query)
    for _ in range(20):  # the search runs in a worker
        await pilot.pause(0.05)
    options = pilot.app.screen.query_one(CommandList)
    return [str(options.get_option_at_index(i).prompt).splitlines()[0].rstrip()
            for i in range(options.option_count)]


async def declare(pilot: Pilot[int]) -> None:
    await pilot.press("i")
    await pilot.press(*"dc down", "enter")
    await pilot.pause()
    await pilot.press("enter")  # P1
    await pilot.pause()


async def test_fail_offers_the_failover_play_with_its_key(build_app) -> None:
    app = build_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await replay(app, until=timedelta(0))
        await declare(pilot)
        prompts = await offered(pilot, "fail")
        assert any(p.startswith("Play: Manual failover to the DR site") for p in prompts)
        await pilot.press("escape")
        prompts = await offered(pilot, "incid")
        assert any(p.startswith("Resolve the incident  R") for p in prompts)


async def test_declare_is_offered_with_its_key_and_runs(build_app) -> None:
    app = build_app()
    async with app.run_test(size=(160, 48)) as pilot:
        prompts = await offered(pilot, "declare")
        assert prompts[0] == "Declare an incident  i"
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "DeclareModal"


async def test_colon_jumps_to_a_screen_by_name(build_app) -> None:
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        prompts = await offered(pilot, "checklist", opener="colon")
        assert prompts and all(p.startswith("Go to ") for p in prompts)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChecklistScreen)
        prompts = await offered(pilot, ":dash")  # ':' in the main palette: screens only
        assert prompts == ["Go to dashboard  d"]


async def test_only_the_console_themes_and_no_screenshot(build_app) -> None:
    app = build_app()
    async with app.run_test(size=(160, 48)) as pilot:
        prompts = await offered(pilot, "theme")
        themes = [p for p in prompts if p.startswith("Theme")]
        assert sorted(themes) == ["Theme: dark", "Theme: high-contrast", "Theme: light"]
        await pilot.press("escape")
        assert not [p for p in await offered(pilot, "screenshot") if "creenshot" in p]
        await pilot.press("escape")
        await offered(pilot, "theme: light")
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "rc-light"


async def test_read_only_offers_and_shows_no_mutating_key(build_app) -> None:
    app = build_app(mode=Mode.READ_ONLY)
    async with app.run_test(size=(160, 48)) as pilot:
        assert not [p for p in await offered(pilot, "declare") if p.startswith("Declare")]
        await pilot.press("escape")
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        keys = [key for key, _, _ in bar.items()[0]]
        assert "i" not in keys and "d" in keys
        await pilot.press("i")  # pressed anyway: it says why
        await pilot.pause()
        assert any("read-only" in str(n.message).lower() for n in app._notifications)


async def test_a_note_and_the_declaration_reach_the_event_log(build_app) -> None:
    from screens.dashboard.events import EventLog

    app = build_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await declare(pilot)
        assert isinstance(app.screen, ChecklistScreen)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"paged the dba", "enter")
        await pilot.pause()
        app._tick()  # the app's one-second timer (not started in tests)
        await pilot.press("d")
        await pilot.pause()
        lines = [entry.text for entry in app.get_screen("dashboard").query_one(EventLog).entries]
        assert any(line.startswith("journal: declared INC-") for line in lines)
        assert any("paged the dba" in line and line.startswith("journal: note") for line in lines)
        assert not any("measured" in line for line in lines)


async def test_fail_with_no_incident_leads_to_declaring_it_first(build_app) -> None:
    """The play needs an incident (it is journaled in one): searched for before declaring,
    the palette still offers it, says so, and opens the declaration."""
    app = build_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await replay(app, until=timedelta(0))
        prompts = await offered(pilot, "fail")
        assert prompts and prompts[0].startswith("Play: Manual failover to the DR site"), prompts
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "DeclareModal"
