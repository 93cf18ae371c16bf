"""Notifications that never interpret markup.

A notification often quotes outside text: an action's output, a server's error, a
journal's complaint. Textual parses notification text as markup by default, so ``[b]``
would vanish and ``[@click=...]`` would become a clickable action. Every notification of
the console goes through this one override: sanitised, and shown exactly as written.
"""

from __future__ import annotations

from textual.app import App
from textual.notifications import SeverityLevel


class PlainNotifyApp(App[int]):
    """An App whose :meth:`notify` shows text as written, whatever the caller passes."""

    def notify(self, message: str, *, title: str = "",
               severity: SeverityLevel = "information", timeout: float | None = None,
               markup: bool = False) -> None:
        """Show ``message`` (sanitised, at most 20 lines) as plain text; ``markup`` is
        ignored: no caller may opt outside text into markup by forgetting to opt out."""
        from services.sanitize import sanitize, sanitize_lines  # pydantic: not at start-up

        del markup
        super().notify(sanitize_lines(message, limit=2000, max_lines=20),
                       title=sanitize(title, limit=120), severity=severity, timeout=timeout,
                       markup=False)
