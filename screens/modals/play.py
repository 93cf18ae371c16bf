"""Run one of the plan's plays (failover, rollback) from the TUI, with live progress.

The operator picks a play with its number, sees its steps with what each would call and
the gates standing now, types the target site's name (and a reason, when a gate that
protects data blocks), and Enter runs it: the same ``run_play`` as ``recovery-console
failover``, through the same session, runner and journal. Progress lines appear as the
play goes; it stops at the first failure with the plan's alert. Escape closes the window
only when no play runs: a failover must not be abandoned half-way by a stray key.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from console.actions import Confirmation, PlannedAction
from console.incident.play import PlayRefused, blocking_gates, refusal, run_play
from console.incident.session import IncidentSession, SessionRefused
from console.plan.plays import Play


class PlayModal(ModalScreen[None]):
    """Choose a play (1-9), type the site's name, Enter runs it; progress shows below."""

    DEFAULT_CSS = """
    PlayModal { align: center middle; }
    PlayModal > Vertical {
        width: 96%; max-width: 120; height: 96%;
        border: round $warning; background: $surface; padding: 0 1;
    }
    PlayModal Input { border: none; height: 1; padding: 0 1; background: $boost; }
    PlayModal Input:focus { border: none; background: $primary 30%; }
    PlayModal Input:disabled { background: $panel; }
    PlayModal .modal-title { text-style: bold; }
    PlayModal #play-log { height: 1fr; border: solid $panel; padding: 0 1; }
    PlayModal .modal-error { color: $text-error; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="play-close"),
        Binding("enter", "run", "Run", id="play-run"),
        *(Binding(str(n), f"choose({n - 1})", show=False) for n in range(1, 10)),
    ]

    def __init__(self, session: IncidentSession, refresh: Callable[[], None]) -> None:
        super().__init__()
        self.session = session
        self.refresh_readings = refresh
        self.plays = session.ctx.plan.plays
        self.chosen: Play | None = None
        self.running = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Plays: the plan's recoveries, run to the end", classes="modal-title")
            for n, play in enumerate(self.plays, 1):
                name = self.session.ctx.policy.name(play.target)
                yield Static(Content(f" {n}  {play.title} -> {name}, {len(play.steps)} steps"))
            # Disabled until a play is chosen: the number keys choose, then the name field
            # takes the focus (and digits typed into it stay in it).
            yield Input(placeholder="required: the target site's name, to confirm",
                        id="play-site", disabled=True)
            yield Input(placeholder="optional: override reason (only if a data gate blocks)",
                        id="play-reason", disabled=True)
            yield Static("", id="play-error", classes="modal-error")
            with VerticalScroll(id="play-log"):
                yield Static("Press a number to choose a play.", id="play-steps")
                yield Static("", id="play-progress")
            yield Static("1-9 choose · type the name · Enter runs · Escape closes")

    def action_choose(self, index: int) -> None:
        if self.running or not 0 <= index < len(self.plays):
            return
        self.chosen = play = self.plays[index]
        lines = [f"{play.title}: {play.section}"]
        why = refusal(self.session, play)
        if why is not None:
            lines.append(f"REFUSED now: {why}")
        for step_id in play.steps:
            step = self.session.plan_step(step_id)
            if step.action is None:
                lines.append(f"  {step_id}: check only")
                continue
            planned = self.session.plan_action(step_id)
            lines.append(f"  {step_id}: {planned.description}")
            lines += [f"      BLOCKING now (may clear as the steps before it run): {g.message}"
                      for g in planned.blocking]
        lines += [f"  data gate: {g}" for g in blocking_gates(self.session, play)]
        self.query_one("#play-steps", Static).update(Content("\n".join(lines)))
        for field in self.query(Input):
            field.disabled = False
        self.query_one("#play-site", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a field runs the play once the field holds every key typed
        before it (a priority Enter binding ran ahead of queued keys: a pasted
        name, then Enter, was refused as mistyped)."""
        event.stop()
        self.action_run()

    def action_run(self) -> None:
        play, error = self.chosen, self.query_one("#play-error", Static)
        if self.running:
            return
        if play is None:
            error.update("Choose a play first (its number).")
            return
        typed = self.query_one("#play-site", Input).value.strip()
        name = self.session.ctx.policy.name(play.target)
        if typed != name:
            error.update(Content(f"Type {name} exactly to run {play.id} (nothing was run)."))
            return
        reason = self.query_one("#play-reason", Input).value.strip() or None
        error.update("")
        self.running = True
        self.run_worker(self._run(play, typed, reason), group="play", exclusive=False,
                        exit_on_error=False)

    async def _run(self, play: Play, typed: str, reason: str | None) -> None:
        lines: list[str] = []

        self.query_one("#play-steps", Static).update(Content(f"Running {play.title}:"))

        def progress(line: str) -> None:
            lines.append(line)
            self.query_one("#play-progress", Static).update(Content("\n".join(lines)))
            self.query_one("#play-log", VerticalScroll).scroll_end(animate=False)

        async def answer(planned: PlannedAction) -> Confirmation:
            return Confirmation(confirmed=True, typed_site=typed, override_reason=reason)

        try:
            result = await run_play(self.session, play, answer, override_reason=reason,
                                    progress=progress, refresh=self.refresh_readings)
            progress("VERIFIED" if result.verified else f"STOPPED at {result.stopped_at}")
        except (PlayRefused, SessionRefused) as exc:
            progress(f"REFUSED: {exc}")
        finally:
            self.running = False

    def action_close(self) -> None:
        if self.running:
            self.query_one("#play-error", Static).update(
                "A play is running: it stops at the first failure; wait for its end.")
            return
        self.dismiss(None)
