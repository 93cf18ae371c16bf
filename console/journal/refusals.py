"""Why the incident session did not make a change: refusals the UI turns into notifications.

Kept apart from :mod:`console.incident.session` so the journal (which the session imports)
can raise :class:`JournalUnavailable` too.
"""

from __future__ import annotations

from pathlib import Path

from console.errors import InputError


class SessionRefused(Exception):
    """The session will not make this change; the message says why, for the operator."""


class JournalUnavailable(SessionRefused, InputError):
    """The journal cannot be written (disk full, directory unwritable, closed after an error).

    Nothing after the failed write was recorded. It is a SessionRefused, so the UI reports
    it and keeps running, and an InputError naming the file, so the CLI exits with code 2.
    """

    def __init__(self, path: str | Path, message: str) -> None:
        InputError.__init__(self, path, message)


def os_reason(exc: OSError) -> str:
    """``No space left on device`` rather than ``[Errno 28] ...: '/long/path'``."""
    return exc.strerror or str(exc) or type(exc).__name__
