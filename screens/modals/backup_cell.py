"""One backup cell's reasons: age against its schedule, retention, and the verification.

Opened with Enter on the Backups pane; read-only; escape closes it. Everything shown is
the judge's words for the cell: the matrix has room for ``ok 2h✗``, this has room for
why (the checksum that differed, the store that did not answer, the run that was missed).
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from console.judge.backup_trust import Trust
from console.judge.backups import BackupCell
from screens.style import Level, level_of
from screens.widgets.state_line import StateLine

_TRUST_LEVELS = {Trust.VERIFIED: Level.OK, Trust.FAILED: Level.BREACHED,
                 Trust.UNVERIFIED: Level.AT_RISK}


class BackupCellScreen(ModalScreen[None]):
    """The reasons behind one schedule x store cell."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="close-backup-cell",
                tooltip="Back to the dashboard"),
    ]

    def __init__(self, component: str, target: str, cell: BackupCell | None) -> None:
        super().__init__()
        self.component = component
        self.target = target
        self.cell = cell

    def compose(self) -> ComposeResult:
        cell = self.cell
        with VerticalScroll(id="backup-cell"):
            yield Static(Content(f"{self.component} in {self.target}"), id="backup-cell-title")
            if cell is None:
                yield StateLine("the plan does not send this schedule here, or nothing is "
                                "judged yet", Level.INFO, id="backup-cell-status")
            else:
                label = cell.status.label if cell.status is not None else "NOT JUDGED"
                yield StateLine(f"{label} ({cell.short}): {cell.reason}", level_of(cell.status),
                                id="backup-cell-status")
                if cell.trust is not None:
                    yield StateLine(f"{cell.trust.value.upper()} {cell.trust.mark}: "
                                    f"{cell.trust_reason}", _TRUST_LEVELS[cell.trust],
                                    id="backup-cell-trust")
                else:
                    yield StateLine("verification not monitored here (no maintenance journal "
                                    "is read, or a manual store)", Level.INFO,
                                    id="backup-cell-trust")
            yield Static("escape: close", id="backup-cell-hint")

    def action_close(self) -> None:
        self.dismiss(None)
