"""``?``: the keys of the screen underneath, then a legend of every abbreviation on screen.

An operator woken at 3 a.m. should not have to guess what ``n/c``, ``RET 2h✗`` or
``2/2 deploys`` mean. Textual's help panel listed the focused widget's keys only, cut
to a narrow column at 80x24; this window lists every key the screen answers (with why a
key cannot act in this mode) and the legend, scrolls, and closes on ``?`` or Escape.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from screens.widgets.key_bar import KeyPolicy

LEGEND: tuple[tuple[str, str], ...] = (
    ("T+1:02:03", "time since the incident was declared (drill: simulated time)"),
    ("down 0:08:00", "time since the disruption: every RTO clock counts from it"),
    ("x10", "drill speed: simulated seconds per real second"),
    ("RTO / RPO / SLA", "recovery time / recovery point objective / service level"),
    ("MET, AT RISK, BREACHED", "an objective or fact against its target"),
    ("UNKNOWN", "no fresh answer: a reason, never a guess, never green"),
    ("STALE", "a source did not answer within its interval: its last data, with its age"),
    ("NOT MONITORED", "the plan names no measure for it"),
    ("GAP", "the plan itself cannot keep this target (plan check lists why)"),
    ("◆ SERVING", "the site users reach: DNS points at it, health OK, database writable"),
    ("3/3 nodes", "Kubernetes nodes Ready / nodes listed"),
    ("2/2 deploys ready", "deployments with every wanted replica ready / deployments that "
                          "want replicas (one scaled to 0 is not counted)"),
    ("tl 2", "PostgreSQL timeline (a promotion starts a new one)"),
    ("KiB / MiB", "1024 / 1024x1024 bytes of WAL or data"),
    ("ok 2h", "backup cell: the newest copy is 2h old, within its schedule"),
    ("LATE 2d", "backup cell: the newest copy is older than its schedule allows"),
    ("MISSING", "backup cell: no copy found in that store"),
    ("RET 2h", "backup cell: retention broken (too few kept, or past retention linger)"),
    ("BAD 2h", "backup cell: its last verification failed"),
    ("?", "backup cell: the store did not answer (UNKNOWN)"),
    ("n/c", "backup cell: not configured (the plan sends no copy of it there)"),
    ("✓ ✗ ?", "after a cell: verified / verification failed / not verified"),
    ("[ ] [>] [x] [-] [!]", "step: pending / next / done / skipped / failed"),
    ("0/9", "checklist phase: steps finished / steps"),
    ("…", "cut to fit: Enter, v or details show it in full"),
    ("⏎  ^p", "the Enter key, ctrl+p (the command palette)"),
)
"""(as shown, what it means): one place, so help and the README say the same."""


def key_rows(screen: Screen[object], policy: KeyPolicy | None) -> list[tuple[str, str]]:
    """Every key the screen answers now, once, with its tooltip or why it cannot act."""
    keys: dict[str, list[str]] = {}
    texts: dict[str, str] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        if not binding.description or not active.enabled:
            continue
        if not binding.show and not binding.tooltip:  # Textual's scroll/copy keys: noise
            continue
        keys.setdefault(binding.action, []).append(screen.app.get_key_display(binding))
        if binding.action in texts:  # the same action on another key (^q and q): one row
            continue
        text = binding.description + (f": {binding.tooltip}" if binding.tooltip else "")
        refusal = policy.key_refusal(binding) if policy is not None else None
        texts[binding.action] = text + (f" (not now: {refusal})" if refusal else "")
    lines = [(" ".join(keys[action]), text) for action, text in texts.items()]
    lines.append(("tab shift+tab", "move between panes and tables"))
    return lines


def two_columns(rows: Sequence[tuple[str, str]]) -> Table:
    """What is shown | what it means, the meaning wrapped under itself (plain text)."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(justify="right", no_wrap=True, style="bold")
    grid.add_column(overflow="fold")
    for shown, meaning in rows:
        grid.add_row(Text(shown), Text(meaning))
    return grid


class HelpModal(ModalScreen[None]):
    """The keys of ``screen`` and the legend; ``?`` or Escape closes."""

    DEFAULT_CSS = """
    HelpModal { align: center middle; }
    HelpModal > VerticalScroll {
        width: 96%; max-width: 120; height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    HelpModal .modal-title { text-style: bold; margin-top: 1; }
    HelpModal .modal-hint { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark", "close", "Close", id="help-close"),
    ]

    def __init__(self, screen: Screen[object]) -> None:
        super().__init__()
        app = screen.app
        self.keys = key_rows(screen, app if isinstance(app, KeyPolicy) else None)

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static("? or Escape closes; Up/Down scroll", classes="modal-hint")
            yield Static("Keys on this screen", classes="modal-title")
            yield Static(two_columns(self.keys), id="help-keys")
            yield Static("Legend", classes="modal-title")
            yield Static(two_columns(LEGEND), id="help-legend")

    def action_close(self) -> None:
        self.dismiss(None)
