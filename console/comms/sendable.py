"""The one rule for "may this message be sent now", used by every sender: the comms screen,
the runbook's notification step and ``comms send``.

Two questions, both answered here and nowhere else:

- *Is the text finished?* A body that still holds a ``[TO FILL: ...]`` blank is refused,
  naming the blanks: a half-written message must never leave by one path when another
  path would have stopped it (before, only the comms screen checked).
- *Who has it already?* The journal is the truth: a channel with a ``CommsSent`` for the
  same template since the message's start (the step's start, the draft's filling; the
  whole incident for ``comms send``) is not sent to again, so re-running a step or a
  command retries only the channels that failed, and says when the others got it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime

from console.comms.fill import BLANK
from console.journal.events import CommsSent, Event

_BLANK = re.compile(re.escape(BLANK).replace(re.escape("{}"), r"([^\]\n]*)"))


class SendRefused(Exception):
    """Nothing was sent, and why (read-only, drill, no channel, blanks left)."""


class BlanksLeft(SendRefused):
    """The message still holds ``[TO FILL: ...]`` blanks: nothing was sent."""

    def __init__(self, title: str, blanks: Sequence[str]) -> None:
        self.title = title
        self.blanks = tuple(blanks)
        count = len(self.blanks)
        super().__init__(f"{title} not sent: {count} blank{'s' if count != 1 else ''} to "
                         f"fill ({', '.join(self.blanks)})")


def blanks_in(body: str) -> tuple[str, ...]:
    """The ``[TO FILL: ...]`` blanks still in ``body`` (each once, in order): the text as
    it stands, so a blank the operator filled in the editor no longer counts."""
    return tuple(dict.fromkeys(m.strip() for m in _BLANK.findall(body)))


def check_sendable(title: str, body: str) -> None:
    """BlanksLeft if ``body`` is not finished; the one check every sender makes."""
    blanks = blanks_in(body)
    if blanks:
        raise BlanksLeft(title, blanks)


def already_sent(events: Sequence[Event], template: str, since: int | None = 0
                 ) -> dict[str, datetime]:
    """Channel -> when it last accepted ``template``, among ``events[since:]`` (the
    message's part of the journal); ``since`` None: none counts (send again)."""
    if since is None:
        return {}
    found: dict[str, datetime] = {}
    for event in events[since:]:
        if isinstance(event, CommsSent) and event.template == template and event.at:
            found[event.channel] = event.at
    return found


def not_again(earlier: Mapping[str, datetime]) -> str:
    """``already sent to ops-slack at 03:12 UTC, not sent again`` ('' when none)."""
    if not earlier:
        return ""
    places = ", ".join(f"{name} at {at:%H:%M} UTC" for name, at in earlier.items())
    return f"already sent to {places}, not sent again"
