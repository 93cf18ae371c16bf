"""A screen that keeps its styles when it comes back: switching screens is one key away.

Textual restyles every widget of a screen each time ``switch_screen`` shows it again,
which throws away every widget's rendered lines too: on the dashboard (well over a
hundred widgets) that was 40 ms of restyling and 90 ms of re-rendering per key press, on
every press of ``d``. Nothing a suspended screen shows needs it: the console's widgets
restyle themselves when their classes change (``set_class`` updates at once). Only a
theme chosen while the screen was away changes how it must look (Textual restyles the
screens in the stack then, not installed screens that were switched away from). So a
screen is restyled when it is first shown and whenever the theme changed since.
"""

from __future__ import annotations

from textual import events
from textual.message import Message
from textual.screen import Screen


class FastResumeScreen(Screen[None]):
    """Base of the console's full screens (dashboard, objectives, checklist...)."""

    _styled_theme: str | None = None
    """The theme the screen was last styled under (None: never styled on a resume)."""

    def post_message(self, message: Message) -> bool:
        if isinstance(message, events.ScreenResume) and message.refresh_styles:
            theme = self.app.theme
            if self._styled_theme == theme:
                message = events.ScreenResume(refresh_styles=False)
            self._styled_theme = theme
        return super().post_message(message)
