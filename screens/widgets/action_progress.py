"""The running action's latest progress line (a restore: download, checksum, pg_restore n/m).

A restore takes minutes; without this the checklist shows nothing between the confirmation
and the outcome. The backend reports through :mod:`console.backends.progress`; the screen
turns each line into a :class:`ActionProgress.Progressed` message (posting never blocks the
restore, and a flood of lines merges: only the newest is rendered) and shows it here. The
line is outside text (file names, server messages): sanitised, and rendered as ``Text``,
never as markup.
"""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import Static

from services.sanitize import sanitize


class ActionProgress(Static):
    """One line above the key bar while an action runs; removed when it ends."""

    DEFAULT_CSS = """
    ActionProgress {
        dock: bottom; height: 1; width: 1fr; padding: 0 1; margin-bottom: 1;
        background: $boost; color: $text; text-wrap: nowrap; text-overflow: ellipsis;
    }
    """

    class Progressed(Message):
        """A running action reported a progress line."""

        def __init__(self, step_id: str, line: str) -> None:
            super().__init__()
            self.step_id = step_id
            self.line = line

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, ActionProgress.Progressed) and \
                message.step_id == self.step_id

    def __init__(self, step_id: str) -> None:
        super().__init__(Text(f"{step_id}: running..."), id="action-progress")
        self.step_id = step_id
        self.last = ""

    def show(self, line: str) -> None:
        self.last = sanitize(line, limit=300)
        self.update(Text(f"» {self.step_id}: {self.last}"))
